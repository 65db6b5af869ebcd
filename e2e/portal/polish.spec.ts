// Issue #12 items 3, 6 and 7 in Chromium at 1280 and 390 px: long unbroken names and descriptions
// never widen a page; every page has one h1, no empty table header and unique landmark labels;
// dark mode follows the system with readable contrast; the favicon exists; the empty usage chart
// reads whole-number ticks; admins land on /admin; the check-email page names the address; the
// development outbox shows the HTML mail, sandboxed.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { test, expect, type Browser, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { extractLink, waitForMail } from "../support/mail";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { screenshot } from "../support/screenshots";
import { contrastFailures, expectNoHorizontalOverflow, expectSoundStructure } from "../support/page-checks";

const WIDTHS = [1280, 390] as const;
const run = Date.now().toString(36);
/** 80 characters, no space: the longest name the form accepts. */
const LONG_NAME = `Unbroken${run}`.padEnd(80, "x");
/** 500 characters (the maximum), one unbroken run and some words. */
const LONG_DESCRIPTION = `${"Description".repeat(30)} and then a few words that wrap normally`.padEnd(500, "y");

/** Register an app with the longest name and description through /apps/new; its page's URL. */
async function registerLongApp(page: Page): Promise<string> {
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(LONG_NAME);
  await page.getByLabel("Description (optional)").fill(LONG_DESCRIPTION);
  await page.getByRole("checkbox", { name: /application\.client/ }).check();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${LONG_NAME} is registered` })).toBeVisible();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoHorizontalOverflow(page);
  }
  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: LONG_NAME })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Sign in from the header's "Sign in" (no callbackUrl), as a person who just arrived does. */
async function signInFromHeader(page: Page, email: string): Promise<void> {
  const since = Date.now() - 1000;
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  // Item 6: the page names the address the link went to.
  await expect(page.getByTestId("sent-to")).toHaveText(email);
  const mail = await waitForMail(email, /Sign in to Keyport/, { since });
  await page.goto(extractLink(mail, /\/api\/auth\/callback\//));
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test.describe.configure({ mode: "serial" });

let appPath = "";

test("long unbroken names and 500-character descriptions wrap on every owner and admin page, at 1280 and 390 px", async ({ page, browser }) => {
  const owner = uniqueEmail("long");
  await signIn(page, owner);
  appPath = await registerLongApp(page);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const p of ["/apps", appPath]) {
      await page.goto(p);
      await expect(page.getByText(LONG_NAME).first()).toBeVisible();
      await expectNoHorizontalOverflow(page);
    }
  }

  const admin = await signedInPage(browser, ADMIN, "/admin");
  const appId = appPath.split("/").pop()!;
  for (const width of WIDTHS) {
    await admin.setViewportSize({ width, height: 900 });
    for (const p of ["/admin", `/admin/apps?q=${encodeURIComponent(LONG_NAME)}`, `/admin/apps/${appId}`, "/admin/audit"]) {
      await admin.goto(p);
      await expectNoHorizontalOverflow(admin);
    }
    await admin.goto(`/admin/apps/${appId}`);
    await expect(admin.getByRole("heading", { level: 1, name: LONG_NAME })).toBeVisible();
  }
  await admin.context().close();
});

async function signedInPage(browser: Browser, email: string, returnTo: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, returnTo);
  return page;
}

test("every page has one h1, no empty table header and unique landmark labels", async ({ page, browser }) => {
  for (const p of ["/", "/signin", "/signin/check-email", "/signin/error?error=Verification", "/docs", "/no-such-page"]) {
    await page.goto(p);
    await expectSoundStructure(page);
  }
  const owner = uniqueEmail("structure");
  await signIn(page, owner);
  await expectSoundStructure(page); // /apps, empty
  await page.goto("/apps/new");
  await expectSoundStructure(page);
  expect(appPath, "the first test registered an app").not.toBe("");
  // Another owner's app is a 404 page: check it too.
  await page.goto(appPath);
  await expectSoundStructure(page);

  const admin = await signedInPage(browser, ADMIN, "/admin");
  const sections = await admin.getByRole("navigation", { name: "Admin" }).getByRole("link").evaluateAll((links) => links.map((l) => (l as HTMLAnchorElement).pathname));
  expect(sections.length).toBeGreaterThan(3);
  for (const p of [...sections, `/admin/apps/${appPath.split("/").pop()}`, appPath]) {
    await admin.goto(p);
    await expectSoundStructure(admin);
  }
  await admin.context().close();
});

test("the empty usage chart reads whole-number ticks", async ({ page }) => {
  await signIn(page, uniqueEmail("chart"));
  await registerLongApp(page);
  const ticks = await page.locator(".chart-y-tick text").allTextContents();
  expect(ticks).toEqual(["0", "1", "2"]);
});

test("a favicon: every page links an icon that answers 200", async ({ page, request }) => {
  for (const p of ["/", "/signin", "/docs"]) {
    await page.goto(p);
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(href, `${p} links an icon`).toBeTruthy();
    const res = await request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toContain("<svg");
  }
});

test("dark mode follows the system, with readable contrast, at 1280 and 390 px", async ({ page }, testInfo) => {
  await signIn(page, uniqueEmail("dark"));
  const app = await registerLongApp(page);
  const bodyLuminance = () =>
    page.evaluate(() => {
      const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number) as [number, number, number];
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    });
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(app);
  expect(await bodyLuminance()).toBeGreaterThan(0.9);
  expect(await contrastFailures(page), "light mode contrast").toEqual([]);

  await page.emulateMedia({ colorScheme: "dark" });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const p of ["/", "/apps", app, "/apps/new", "/docs"]) {
      await page.goto(p);
      expect(await bodyLuminance(), `${p} is dark`).toBeLessThan(0.1);
      expect(await contrastFailures(page), `${p} dark mode contrast at ${width}px`).toEqual([]);
    }
    await page.goto(app);
    await screenshot(page, testInfo, `dark-app-detail-${width}`);
  }
});

test("admins land on /admin and owners on /apps after signing in from the header; check-email names the address", async ({ browser }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await signInFromHeader(adminPage, ADMIN);
  await expect(adminPage).toHaveURL(/\/admin$/);
  await expect(adminPage.getByRole("heading", { level: 1, name: "Admin overview" })).toBeVisible();
  await adminPage.context().close();

  const ownerPage = await (await browser.newContext()).newPage();
  await signInFromHeader(ownerPage, uniqueEmail("landing"));
  // An owner with no application yet lands on the registration form (issue #12 item 12).
  await expect(ownerPage).toHaveURL(/\/apps\/new$/);
  await ownerPage.context().close();
});

test("the check-email page shows no address it was not given", async ({ page, context, baseURL }) => {
  await page.goto("/signin/check-email?email=mallory%40evil.example&to=mallory%40evil.example");
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await expect(page.getByTestId("sent-to")).toHaveCount(0);
  await expect(page.getByText("evil.example")).toHaveCount(0);
  // A cookie holding markup instead of an address is ignored, not rendered.
  await context.addCookies([{ name: "keyport-sign-in-sent-to", value: encodeURIComponent('<img src=x onerror="alert(1)">'), url: `${baseURL}/signin/check-email` }]);
  await page.reload();
  await expect(page.getByTestId("sent-to")).toHaveCount(0);
  await expect(page.locator("img[src=x]")).toHaveCount(0);
});

// ---- the development outbox needs a Keyport without SMTP_URL: a second server of our own ----

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

test.describe("development outbox", () => {
  let server: ChildProcess | undefined;
  let dataDir = "";
  let base = "";
  let logs = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "keyport-e2e-outbox-"));
    base = `http://localhost:${port}`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(KEYPORT_|DATABASE_URL$|SMTP_URL$|AUTH_|PORT$|HOST$)/.test(k)) env[k] = v;
    Object.assign(env, { NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", KEYPORT_DATA_DIR: dataDir, KEYPORT_LOG_LEVEL: "warn", NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || ".next-e2e" });
    server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (d: Buffer) => (logs += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (logs += d.toString()));
    await expect(async () => {
      expect(server!.exitCode, logs).toBeNull();
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    }).toPass({ timeout: 90_000, intervals: [250, 500, 1000] });
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("shows the HTML mail as sent, sandboxed, with its text beside it; the mailed button signs in", async ({ page, context }, testInfo) => {
    const email = uniqueEmail("outbox");
    await page.goto(`${base}/signin`);
    await page.getByLabel("Work email").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByTestId("sent-to")).toHaveText(email);
    await page.getByRole("link", { name: "development outbox" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Development outbox" })).toBeVisible();

    const message = page.getByRole("article").filter({ hasText: `To ${email}` });
    await expect(message).toHaveCount(1);
    const frame = message.locator("iframe");
    // Sandboxed: no scripts, no same-origin access, no forms; only popups (links open in a tab).
    await expect(frame).toHaveAttribute("sandbox", "allow-popups allow-popups-to-escape-sandbox");
    expect(await frame.getAttribute("srcdoc")).toMatch(/^<!doctype html>/i);
    const mail = message.frameLocator("iframe");
    const button = mail.getByRole("link", { name: "Sign in" });
    await expect(button).toBeVisible();
    // The plain text is there as a fallback.
    await message.getByText("Plain text").click();
    await expect(message.locator(".mail-text")).toContainText("/api/auth/callback/nodemailer");
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoHorizontalOverflow(page);
      await expectSoundStructure(page);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, testInfo, "dev-outbox");

    const [signedIn] = await Promise.all([context.waitForEvent("page"), button.click()]);
    await signedIn.waitForLoadState();
    await expect(signedIn.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(new URL(signedIn.url()).origin).toBe(base);
  });
});
