import { button, esc, layout, paragraph, type RenderedEmail } from "./layout";

export interface SignInEmailInput {
  url: string;
  host: string;
  expires: Date;
}

export function signInEmail({ url, host, expires }: SignInEmailInput): RenderedEmail {
  const minutes = Math.max(1, Math.round((expires.getTime() - Date.now()) / 60_000));
  const validity = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  const subject = `Sign in to Keyport (${host})`;
  const html = layout(
    "Sign in to Keyport",
    paragraph(`Use the button below to sign in to <strong>${esc(host)}</strong>. The link works once and expires in ${esc(validity)}.`) +
      button(url, "Sign in") +
      paragraph(`Or paste this address into your browser:<br><span style="word-break:break-all">${esc(url)}</span>`) +
      paragraph("If you did not ask to sign in, ignore this email: nobody can sign in without the link."),
  );
  const text = `Sign in to Keyport (${host})

Open this link to sign in. It works once and expires in ${validity}:

${url}

If you did not ask to sign in, ignore this email.
`;
  return { subject, html, text };
}
