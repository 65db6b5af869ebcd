// Issue 9 §2 (private_key_jwt, RFC 7523 §2.2) and §3's "require DPoP" switch, in a real browser
// against the production server: an owner registers an application with a pasted JWKS (keys
// generated here with jose), previews the parsed keys, gets a client_id and no secret — none on
// the page, none by mail — and the test, playing the client, gets a token with an assertion signed
// by its private key. Removing the key in the portal makes the assertion fail; adding one makes a
// new key work; "Require DPoP-bound tokens" persists; a pasted private key is a field error. The
// pages run under Keyport's CSP without a violation.
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, decodeJwt, type CryptoKey, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import { signIn, uniqueEmail } from "../support/auth";
import { E2E_ADMIN_EMAIL } from "../support/env";
import { waitForMail, type ReceivedMail } from "../support/mail";
import fs from "node:fs";
import path from "node:path";
import { MAIL_DIR } from "../support/env";
import { parseMail } from "../support/mime";
import { screenshot } from "../support/screenshots";
import type { CapturedFile } from "../support/smtp-capture";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

interface TestKey {
  kid: string;
  alg: "ES256" | "RS256" | "EdDSA";
  privateKey: CryptoKey;
  publicJwk: JWK;
  privateJwk: JWK;
  thumbprint: string;
}

async function makeKey(kid: string, alg: TestKey["alg"] = "ES256"): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
  return { kid, alg, privateKey, publicJwk, privateJwk, thumbprint: await calculateJwkThumbprint(publicJwk, "sha256") };
}

/** The token endpoint as Keyport advertises it (RFC 8414): the assertion's audience. */
async function tokenEndpoint(request: APIRequestContext): Promise<string> {
  const res = await request.get("/.well-known/oauth-authorization-server");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { token_endpoint: string }).token_endpoint;
}

/** RFC 7523 §3: iss = sub = client_id, aud = the token endpoint, a fresh jti, a short exp. */
async function assertion(key: TestKey, clientId: string, audience: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime("2m")
    .sign(key.privateKey);
}

/** RFC 9449 §4.2: a proof of possession of `key` for POST to `endpoint`. */
async function dpopProof(key: { publicKey: CryptoKey; privateKey: CryptoKey }, endpoint: string): Promise<string> {
  return new SignJWT({ htm: "POST", htu: endpoint })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: await exportJWK(key.publicKey) })
    .setJti(randomUUID())
    .setIssuedAt()
    .sign(key.privateKey);
}

async function tokenWithAssertion(request: APIRequestContext, key: TestKey, clientId: string, dpopKey?: { publicKey: CryptoKey; privateKey: CryptoKey }) {
  const endpoint = await tokenEndpoint(request);
  const res = await request.post("/oauth/token", {
    headers: dpopKey ? { DPoP: await dpopProof(dpopKey, endpoint) } : {},
    form: {
      grant_type: "client_credentials",
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await assertion(key, clientId, endpoint),
    },
  });
  return { status: res.status(), body: (await res.json()) as Record<string, unknown> };
}

/** Every mail the capture server received for `to` (any subject). */
function mailsTo(to: string): ReceivedMail[] {
  if (!fs.existsSync(MAIL_DIR)) return [];
  return fs
    .readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .map((f) => parseMail(JSON.parse(fs.readFileSync(path.join(MAIL_DIR, f), "utf8")) as CapturedFile))
    .filter((m) => m.to.includes(to.toLowerCase()));
}

/** CSP violations reported by the browser (listened for before any page script runs). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportCsp", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      void (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content[- ]Security[- ]Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

/** Fill /apps/new for a public-key app with `pasted` in the key box (not submitted). */
async function fillPublicKeyForm(page: Page, name: string, pasted: string) {
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(name);
  await page.getByRole("checkbox", { name: /application\.client/ }).check();
  await page.getByRole("radio", { name: "Public key (private_key_jwt)" }).check();
  await expect(page.getByRole("radio", { name: "Paste a key" })).toBeChecked();
  await page.getByLabel("Public key", { exact: true }).fill(pasted);
}

/** Register a public-key app through the form; returns its client_id and page URL. */
async function registerPublicKeyApp(page: Page, name: string, keys: TestKey[]) {
  await fillPublicKeyForm(page, name, JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  await page.getByRole("button", { name: "Check key" }).click();
  const preview = page.getByTestId("key-preview");
  for (const k of keys) {
    const row = preview.getByTestId(`key-${k.thumbprint}`);
    await expect(row).toContainText(k.kid);
    await expect(row).toContainText(k.alg);
  }
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  expect(clientId).toMatch(/^kp_/);
  return clientId;
}

test("an owner registers a public-key app with a pasted JWKS, gets no secret, and the client gets a token with a signed assertion", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const owner = uniqueEmail("pkjwt");
  await signIn(page, owner);
  const key = await makeKey("e2e-es256-1");
  const name = `Secretless ${Date.now().toString(36)}`;

  await fillPublicKeyForm(page, name, JSON.stringify({ keys: [key.publicJwk] }));
  await expect(page.getByLabel("Public key", { exact: true })).toHaveAttribute("maxlength", "65536");
  await page.getByRole("button", { name: "Check key" }).click();
  const preview = page.getByTestId("key-preview");
  await expect(page.getByText("1 public key will be registered:")).toBeVisible();
  const row = preview.getByTestId(`key-${key.thumbprint}`);
  await expect(row).toContainText("e2e-es256-1");
  await expect(row).toContainText("ES256");
  await expect(row).toContainText("EC P-256");
  await expect(row).toContainText(key.thumbprint);
  await screenshot(page, testInfo, "apps-new-public-key");

  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  expect(clientId).toMatch(/^kp_/);
  // No secret anywhere: not generated, not shown.
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  await expect(page.getByTestId("secret-reveal")).toHaveCount(0);
  expect(await page.locator("body").innerText()).not.toMatch(/kps_/);
  // How to authenticate: the assertion snippet with this client_id and the token endpoint.
  const endpoint = await tokenEndpoint(request);
  await expect(page.getByTestId("public-key-reveal")).toContainText("client_assertion");
  await expect(page.locator("pre").first()).toContainText(`const clientId = "${clientId}"`);
  await expect(page.locator("pre").first()).toContainText(`const tokenEndpoint = "${endpoint}"`);

  // The client's side: an assertion signed with the private key gets a token.
  const token = await tokenWithAssertion(request, key, clientId);
  expect(token.status, JSON.stringify(token.body)).toBe(200);
  expect(token.body.token_type).toBe("Bearer");
  expect(token.body.scope).toBe("application.client");
  expect(decodeJwt(String(token.body.access_token))).toMatchObject({ client_id: clientId, sub: clientId });

  // The app page lists the key, with the method, and offers the assertion snippets.
  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("auth-method")).toHaveText("Public key (private_key_jwt)");
  await expect(page.getByTestId("registered-keys").getByTestId(`key-${key.thumbprint}`)).toContainText("e2e-es256-1");
  await screenshot(page, testInfo, "app-detail-public-key");
  await expect(page.getByRole("heading", { name: "Client secrets" })).toHaveCount(0);
  await page.getByRole("tab", { name: "Python (PyJWT)" }).click();
  await expect(page.getByRole("tabpanel")).toContainText("jwt.encode(");
  await expect(page.getByRole("tabpanel")).toContainText(`client_id = "${clientId}"`);

  // No credentials mail, and no mail carrying a secret. The key-removed mail below is queued
  // after registration, so once it is here any registration mail would be too.
  const since = Date.now() - 1000;
  await page.getByTestId(`key-${key.thumbprint}`).getByRole("button", { name: /Remove/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove key" }).click();
  await expect(page.getByText("This application cannot get tokens until you add a public key.")).toBeVisible();
  await waitForMail(owner, `A key was removed from ${name}`, { since });
  const mails = mailsTo(owner);
  expect(mails.map((m) => m.subject).filter((s) => /credentials/i.test(s))).toEqual([]);
  for (const m of mails) expect(m.text, `mail "${m.subject}"`).not.toMatch(/kps_/);

  expect(violations, "CSP violations").toEqual([]);
});

test("removing a key in the portal stops its assertions; an added key works; Require DPoP persists and shows in the admin console", async ({ page, request, browser }) => {
  const violations = await watchCsp(page);
  const owner = uniqueEmail("pkjwt-rotate");
  await signIn(page, owner);
  const oldKey = await makeKey("old-key");
  const otherKey = await makeKey("kept-key", "EdDSA");
  const name = `Rotation pk ${Date.now().toString(36)}`;
  const clientId = await registerPublicKeyApp(page, name, [oldKey, otherKey]);
  expect((await tokenWithAssertion(request, oldKey, clientId)).status).toBe(200);
  expect((await tokenWithAssertion(request, otherKey, clientId)).status).toBe(200);

  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // Remove the old key (after a confirmation): its assertions fail, the other key still works.
  const since = Date.now() - 1000;
  await page.getByTestId(`key-${oldKey.thumbprint}`).getByRole("button", { name: /Remove/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove key" }).click();
  await expect(page.getByTestId(`key-${oldKey.thumbprint}`)).toHaveCount(0);
  await expect(async () => {
    const r = await tokenWithAssertion(request, oldKey, clientId);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: "invalid_client", error_description: "client authentication failed" });
  }).toPass({ timeout: 1000, intervals: [100] });
  expect((await tokenWithAssertion(request, otherKey, clientId)).status).toBe(200);
  const removedMail = await waitForMail(owner, `A key was removed from ${name}`, { since });
  expect(removedMail.text).toContain(oldKey.thumbprint);

  // Add a new key (paste, preview, add): it works at once.
  const newKey = await makeKey("new-key", "RS256");
  await page.getByLabel("New public key").fill(JSON.stringify(newKey.publicJwk));
  await page.getByRole("button", { name: "Check key" }).click();
  await expect(page.getByTestId("key-preview").getByTestId(`key-${newKey.thumbprint}`)).toContainText("RS256");
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByText("Key added.")).toBeVisible();
  await expect(page.getByTestId("registered-keys").getByTestId(`key-${newKey.thumbprint}`)).toContainText("new-key");
  expect((await tokenWithAssertion(request, newKey, clientId)).status).toBe(200);
  // The same key twice is a field error, not a second row.
  await page.getByLabel("New public key").fill(JSON.stringify(newKey.publicJwk));
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.locator("#newKey-error")).toContainText("already registered");

  // Require DPoP-bound tokens: saved, and still on after a reload.
  await expect(page.getByTestId("require-dpop")).toHaveText("Optional");
  await page.getByRole("checkbox", { name: "Require DPoP-bound tokens" }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Require DPoP" }).click();
  await expect(page.getByText("Saved: tokens must be DPoP-bound.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Require DPoP-bound tokens" })).toBeChecked();
  await expect(page.getByTestId("require-dpop")).toHaveText("Required");
  // …and enforced: a Bearer request is refused, a DPoP-bound one gets a DPoP token.
  await expect(async () => {
    const bearer = await tokenWithAssertion(request, otherKey, clientId);
    expect(bearer.status).toBe(400);
    expect(bearer.body).toEqual({ error: "invalid_request", error_description: "this client requires DPoP-bound tokens (RFC 9449): send a DPoP proof" });
  }).toPass({ timeout: 2000, intervals: [100] });
  const dpopKey = await generateKeyPair("ES256", { extractable: true });
  const bound = await tokenWithAssertion(request, otherKey, clientId, dpopKey);
  expect(bound.status, JSON.stringify(bound.body)).toBe(200);
  expect(bound.body.token_type).toBe("DPoP");
  expect(decodeJwt(String(bound.body.access_token)).cnf).toEqual({ jkt: await calculateJwkThumbprint(await exportJWK(dpopKey.publicKey), "sha256") });
  expect(violations, "CSP violations").toEqual([]);

  // The admin console shows the method, the keys and the DPoP requirement.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN_EMAIL, "/admin/apps");
  await admin.goto(`/admin/apps?q=${encodeURIComponent(clientId)}`);
  await expect(admin.getByTestId("auth-method").first()).toContainText("private_key_jwt");
  await admin.getByRole("link", { name }).click();
  await expect(admin.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(admin.getByTestId("auth-method")).toHaveText("private_key_jwt (public key)");
  await expect(admin.getByTestId("require-dpop")).toContainText("Required");
  const keys = admin.getByTestId("registered-keys");
  await expect(keys.getByTestId(`key-${otherKey.thumbprint}`)).toContainText("EdDSA");
  await expect(keys.getByTestId(`key-${newKey.thumbprint}`)).toContainText("RS256");
  await expect(keys.getByTestId(`key-${oldKey.thumbprint}`)).toHaveCount(0);
  await expect(admin.getByRole("heading", { name: "Rotate secret" })).toHaveCount(0);
  await adminContext.close();
});

test("a pasted private key, garbage and an oversized paste are field errors; nothing is registered", async ({ page }) => {
  const violations = await watchCsp(page);
  await signIn(page, uniqueEmail("pkjwt-bad"));
  const key = await makeKey("leaked");
  const name = `Bad paste ${Date.now().toString(36)}`;
  const box = () => page.getByLabel("Public key", { exact: true });

  // A private JWK: refused on preview and on submit, next to the field.
  await fillPublicKeyForm(page, name, JSON.stringify(key.privateJwk));
  await page.getByRole("button", { name: "Check key" }).click();
  await expect(page.locator("#publicKeys-error")).toContainText("private key");
  await expect(box()).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("key-preview")).toHaveCount(0);
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.locator("#publicKeys-error")).toContainText("private key");
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toHaveCount(0);

  // Garbage.
  await box().fill("not a key {");
  await page.getByRole("button", { name: "Check key" }).click();
  await expect(page.locator("#publicKeys-error")).toContainText("Not a JWK, a JWKS or a PEM public key");

  // A PEM private key.
  await box().fill("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----");
  await page.getByRole("button", { name: "Check key" }).click();
  await expect(page.locator("#publicKeys-error")).toContainText("private key");

  // Far more than the cap: the browser keeps 64 KiB of it, which is not a key — a field error,
  // never a 500.
  await box().fill(`{"keys": [${"x".repeat(100_000)}`);
  expect((await box().inputValue()).length).toBeLessThanOrEqual(65_536);
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.locator("#publicKeys-error")).toBeVisible();
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toHaveCount(0);

  // A jwks_uri that is not https (nor public) is a field error too.
  await page.getByRole("radio", { name: /A JWKS URL/ }).check();
  const uri = page.getByLabel("JWKS URL (jwks_uri)", { exact: true });
  await uri.fill("http://127.0.0.1:9/jwks.json");
  await page.getByRole("button", { name: "Fetch keys" }).click();
  await expect(page.locator("#jwksUri-error")).toHaveText("The jwks_uri must use https://.");
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.locator("#jwksUri-error")).toHaveText("The jwks_uri must use https://.");
  await expect(uri).toHaveAttribute("aria-invalid", "true");

  await page.goto("/apps");
  await expect(page.locator('tr[data-testid^="app-row-"]')).toHaveCount(0);
  expect(violations, "CSP violations").toEqual([]);
});
