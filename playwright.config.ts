// Browser tests against Keyport's production build (built beforehand by `npm test`; this config
// never builds), in Debian's Chromium, with a real SMTP server capturing mail (e2e/support).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_ADMIN_EMAIL, E2E_BASE_URL, E2E_PORT, E2E_SMTP_PORT, MAIL_DIR } from "./e2e/support/env";

// This file is evaluated in the runner and again in every worker: pick the data directory once,
// in the runner, and hand it down through the environment (workers inherit it; the CLI used by
// some tests needs it too).
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "keyport-e2e-"));
process.env.KEYPORT_DATA_DIR = process.env.E2E_DATA_DIR;

// Guard: the tests create users and applications; never point them at a shared database.
// Embedded PGlite in the fresh data directory unless E2E_DATABASE_URL names a local PostgreSQL
// database. An ambient DATABASE_URL is deliberately overridden (the server and the CLI used by
// some tests inherit this environment).
const databaseUrl = process.env.E2E_DATABASE_URL ?? "";
if (databaseUrl) {
  const host = new URL(databaseUrl).hostname;
  if (!["localhost", "127.0.0.1", "[::1]", "::1"].includes(host)) {
    throw new Error(`E2E_DATABASE_URL must point at a local database, not ${host}`);
  }
}
process.env.DATABASE_URL = databaseUrl;
if (databaseUrl) process.env.KEYPORT_SECRET ??= "e2e-secret-e2e-secret-e2e-secret-e2e-secret";

const distDir = process.env.NEXT_DIST_DIR || ".next-e2e";
if (!fs.existsSync(path.join(distDir, "BUILD_ID")) && !process.env.TEST_WORKER_INDEX) {
  console.warn(`No production build in ${distDir}: run NEXT_DIST_DIR=${distDir} npx next build first (npm test does).`);
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: false,
  // Two cores: one worker per project keeps the server responsive; projects run side by side.
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
  projects: [
    { name: "portal", testMatch: "portal/**/*.spec.ts" },
    { name: "admin", testMatch: "admin/**/*.spec.ts" },
  ],
  webServer: {
    command: "node --import tsx server/main.ts",
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: distDir,
      PORT: String(E2E_PORT),
      HOST: "127.0.0.1",
      KEYPORT_DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: databaseUrl,
      ...(databaseUrl ? { KEYPORT_SECRET: process.env.KEYPORT_SECRET, KEYPORT_ISSUER: E2E_BASE_URL } : {}),
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      MAIL_FROM: "Keyport <keyport@e2e.test>",
      KEYPORT_ADMIN_EMAILS: E2E_ADMIN_EMAIL,
      // Every vendor profile mounted (issue #10 §1): the admin console and /docs list them.
      KEYPORT_PROFILES: "ciam,vision10,access-analyzer",
      // The browser suite signs the same admin in many times from 127.0.0.1 within minutes: far
      // above the production defaults (5 links per email, 30 per address per 15 min). The limits
      // themselves are tested in test/integration/rate-limits.test.ts.
      KEYPORT_LIMIT_SIGNIN_PER_EMAIL: "1000/15m",
      KEYPORT_LIMIT_SIGNIN_PER_ADDRESS: "10000/15m",
      KEYPORT_LOG_LEVEL: "warn",
      E2E_MAIL_DIR: MAIL_DIR,
    },
  },
});
