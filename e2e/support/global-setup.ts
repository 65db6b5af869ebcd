// Starts the capturing SMTP server for the whole run. Keyport (the webServer) is already running
// by now — Playwright starts webServer before globalSetup — and simply retries mail it could
// not deliver yet; no test has sent any mail before this point.
import fs from "node:fs";
import type { FullConfig } from "@playwright/test";
import { startSmtpCapture } from "./smtp-capture";
import { E2E_SMTP_PORT, MAIL_DIR } from "./env";

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  fs.rmSync(MAIL_DIR, { recursive: true, force: true });
  const smtp = await startSmtpCapture(E2E_SMTP_PORT, MAIL_DIR);
  return () => smtp.close();
}
