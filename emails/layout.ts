// Shared frame for every Keyport email: inline styles only (mail clients drop <style> and never
// load remote fonts or images), a plain-text twin for clients that show no HTML.

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Escape text for HTML element content and attribute values. */
export function esc(value: string | number): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";

export function paragraph(html: string): string {
  return `<p style="margin:0 0 16px;font:15px/1.55 ${FONT};color:#1f2937">${html}</p>`;
}

export function button(href: string, label: string): string {
  return `<p style="margin:24px 0"><a href="${esc(href)}" style="display:inline-block;background:#3730a3;color:#ffffff;text-decoration:none;font:600 15px/1 ${FONT};padding:14px 22px;border-radius:8px">${esc(label)}</a></p>`;
}

export function code(value: string): string {
  return `<code style="font:13px/1.5 ${MONO};background:#f3f4f6;border-radius:4px;padding:2px 6px;word-break:break-all">${esc(value)}</code>`;
}

export function codeBlock(value: string): string {
  return `<pre style="margin:0 0 16px;font:12px/1.5 ${MONO};background:#111827;color:#f9fafb;border-radius:8px;padding:14px;white-space:pre-wrap;word-break:break-all">${esc(value)}</pre>`;
}

/** Two-column facts table (label → HTML value). */
export function facts(rows: Array<[string, string]>): string {
  const tr = rows
    .map(
      ([label, value]) =>
        `<tr><th align="left" valign="top" style="padding:6px 12px 6px 0;font:600 13px/1.5 ${FONT};color:#4b5563;white-space:nowrap">${esc(label)}</th><td style="padding:6px 0;font:14px/1.5 ${FONT};color:#111827">${value}</td></tr>`,
    )
    .join("");
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border-collapse:collapse">${tr}</table>`;
}

export function notice(html: string): string {
  return `<div style="margin:0 0 16px;padding:12px 14px;border-left:4px solid #b45309;background:#fffbeb;font:14px/1.5 ${FONT};color:#78350f">${html}</div>`;
}

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:12px;border:1px solid #e5e7eb">
<tr><td style="padding:20px 28px;border-bottom:1px solid #e5e7eb;font:700 18px/1 ${FONT};color:#3730a3">Keyport</td></tr>
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font:700 20px/1.3 ${FONT};color:#111827">${esc(title)}</h1>
${body}
</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e5e7eb;font:12px/1.5 ${FONT};color:#6b7280">You receive this because your address is in a team with applications on this Keyport portal, was invited to one, or asked to sign in.</td></tr>
</table></td></tr></table>
</body></html>`;
}
