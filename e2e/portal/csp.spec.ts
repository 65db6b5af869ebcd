// Issue 8, item 6, in a real browser: the portal, the docs' try-it and the admin console work
// under Keyport's Content-Security-Policy without a single violation, while the policy is really
// enforced (an injected inline script does not run) and no other site can frame Keyport.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect, type Page, type Response } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { E2E_ADMIN_EMAIL } from "../support/env";

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/**
 * Everything the browser reports against the page's policies: `securitypolicyviolation` events
 * (listened for from before any page script runs) and console errors about CSP or
 * Permissions-Policy. Also checks that every document Keyport serves carries a nonce policy.
 */
async function watchPolicies(page: Page) {
  const violations: Violation[] = [];
  const consoleErrors: string[] = [];
  const documents: { url: string; csp: string | null }[] = [];
  await page.exposeFunction("__reportCspViolation", (v: Violation) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation: (v: Violation) => void }).__reportCspViolation;
      void report({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` });
    });
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content[- ]Security[- ]Policy|Permissions-Policy|Refused to/i.test(msg.text())) consoleErrors.push(msg.text());
  });
  page.on("response", (res: Response) => {
    // Redirect hops (the sign-in callback's 302) are not documents the browser renders.
    if (res.request().resourceType() === "document" && (res.status() < 300 || res.status() >= 400)) documents.push({ url: res.url(), csp: res.headers()["content-security-policy"] ?? null });
  });
  return {
    violations,
    consoleErrors,
    /** No violation so far, and every document had a nonce-based script policy. */
    expectClean(where: string) {
      expect(violations, `CSP violations on ${where}`).toEqual([]);
      expect(consoleErrors, `policy errors in the console on ${where}`).toEqual([]);
      expect(documents.length, "documents seen").toBeGreaterThan(0);
      for (const d of documents) {
        expect(d.csp, `CSP on ${d.url}`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'/);
        expect(d.csp, `CSP on ${d.url}`).toContain("frame-ancestors 'none'");
      }
    },
  };
}

test("the owner portal and the docs' try-it run under the CSP without a violation", async ({ page }) => {
  const policies = await watchPolicies(page);
  await page.goto("/");
  await page.goto("/signin");
  await signIn(page, uniqueEmail("csp"));
  await expect(page.getByRole("heading", { name: "No applications yet" })).toBeVisible();
  policies.expectClean("sign-in and the apps list");

  // Registering: a client form (useActionState) posting a server action.
  const name = `CSP check ${Date.now().toString(36)}`;
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(name);
  await page.getByRole("checkbox", { name: /application\.client/ }).check();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  const clientSecret = (await page.getByTestId("client-secret").textContent())!.trim();
  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.goto("/apps");
  await expect(page.getByTestId(`app-row-${clientId}`)).toBeVisible();
  policies.expectClean("registering an app");

  // The docs' try-it: fetch() from the page to /oauth/token (connect-src 'self').
  await page.goto("/docs");
  await page.getByLabel("client_id", { exact: true }).fill(clientId);
  await page.getByLabel("client_secret", { exact: true }).fill(clientSecret);
  await page.getByRole("button", { name: "Request a token" }).click();
  await expect(page.getByTestId("try-result")).toContainText("HTTP 200");
  await expect(page.getByTestId("try-result")).toContainText("access_token");
  policies.expectClean("the docs' try-it");

  // Client-side navigation (RSC fetches) and signing out (a server action in the header).
  await page.getByRole("link", { name: "My apps" }).click();
  await expect(page.getByTestId(`app-row-${clientId}`)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  policies.expectClean("navigating and signing out");

  // The policy is enforced, and the listener above would have seen a breach: markup injected into
  // the page as an XSS would inject it (an inline event handler) does not run and is reported.
  // ('strict-dynamic' deliberately trusts scripts that running scripts create; injected markup is
  // what it stops.)
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", '<img src="/no-such-image.png" onerror="window.__injected = true" alt="">');
  });
  await expect.poll(() => policies.violations.map((v) => v.directive)).toContain("script-src-attr");
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true), "the injected handler must not run").toBe(false);
});

test("the admin console runs under the CSP without a violation", async ({ page }) => {
  const policies = await watchPolicies(page);
  await signIn(page, E2E_ADMIN_EMAIL, "/admin");
  for (const path of ["/admin/apps", "/admin/keys"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // Every section through the console's own (client-side) navigation.
  const nav = page.getByRole("navigation", { name: "Admin" });
  for (const label of ["Overview", "Applications", "Approvals", "Scopes", "Audiences", "Signing keys", "Audit log"]) {
    await nav.getByRole("link", { name: label, exact: false }).first().click();
    await expect(nav.getByRole("link", { name: label }).first()).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  await page.getByLabel("Actor email").fill(E2E_ADMIN_EMAIL);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]actor=/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  policies.expectClean("the admin console");
});

test("another site cannot frame Keyport's pages", async ({ page, baseURL }) => {
  // A page of another origin that frames the sign-in page, served from a real socket on this
  // machine: a page Playwright fulfils itself counts as public, and Chromium's Private Network
  // Access rules would block the frame before CSP gets its say.
  const attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<!doctype html><iframe src="${baseURL}/signin" width="600" height="400"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = attacker.address() as AddressInfo;
    const refused = page.waitForEvent("console", { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15_000 });
    await page.goto(`http://127.0.0.1:${port}/`);
    await refused;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const framedText = frame ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
    expect(framedText).not.toContain("Work email");
  } finally {
    attacker.close();
  }
});
