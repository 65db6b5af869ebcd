import { esc, layout, paragraph, button, notice, type RenderedEmail } from "./layout";

export type AppStatusChange = "approved" | "denied" | "disabled" | "enabled";

export interface AppStatusEmailInput {
  change: AppStatusChange;
  appName: string;
  appUrl: string;
  clientId: string;
  reason?: string | null;
}

const COPY: Record<AppStatusChange, { subject: (n: string) => string; body: string }> = {
  approved: {
    subject: (n) => `${n} is approved`,
    body: "An administrator approved your application. The token endpoint now issues access tokens with the credentials you received when you registered it.",
  },
  denied: {
    subject: (n) => `${n} was not approved`,
    body: "An administrator declined your application's request. It cannot obtain access tokens. Contact your Keyport administrators if you think this is a mistake.",
  },
  disabled: {
    subject: (n) => `${n} is disabled`,
    body: "An administrator disabled your application. Its tokens are no longer accepted and it cannot obtain new ones until it is enabled again.",
  },
  enabled: {
    subject: (n) => `${n} is enabled again`,
    body: "An administrator enabled your application again. Its existing client secrets work again at the token endpoint.",
  },
};

export function appStatusEmail(input: AppStatusEmailInput): RenderedEmail {
  const copy = COPY[input.change];
  const subject = copy.subject(input.appName);
  const reason = input.reason?.trim();
  const html = layout(
    subject,
    paragraph(`<strong>${esc(input.appName)}</strong> (<span style="font-family:monospace">${esc(input.clientId)}</span>)`) +
      paragraph(esc(copy.body)) +
      (reason ? notice(`Reason given: ${esc(reason)}`) : "") +
      button(input.appUrl, "Open the application"),
  );
  const text = `${subject}

${input.appName} (${input.clientId})

${copy.body}
${reason ? `\nReason given: ${reason}\n` : ""}
Application: ${input.appUrl}
`;
  return { subject, html, text };
}
