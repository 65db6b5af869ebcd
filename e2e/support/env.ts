// Settings shared by playwright.config.ts, the global setup and the tests.
import os from "node:os";
import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 4110);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 4125);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? "admin@e2e.test";
/** Where the test SMTP server writes each message (one JSON file per message). */
export const MAIL_DIR = path.resolve(process.env.E2E_MAIL_DIR ?? path.join(process.cwd(), "test-results", "mail"));
export const TMP = os.tmpdir();
