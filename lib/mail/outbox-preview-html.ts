// The development outbox shows each HTML mail as sent, inside <iframe sandbox srcdoc>: an opaque
// origin with no scripts, forms or top-level navigation, under the page's own CSP (a srcdoc
// document inherits it). The one addition: <base target="_blank">, so that a link in the mail —
// the sign-in button — opens in a new tab (the sandbox allows popups, and lets them escape it)
// instead of loading Keyport inside the frame, which its frame-ancestors 'none' would refuse.

const BASE = '<base target="_blank">';

export function outboxPreviewHtml(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return BASE + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + BASE + html.slice(at);
}
