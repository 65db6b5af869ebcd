// What a machine client does, for the admin e2e: get a token, introspect one. Client
// authentication is HTTP Basic with form-urlencoded id and secret (RFC 6749 §2.3.1).
import type { APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { E2E_BASE_URL } from "../support/env";

export function basicAuth(clientId: string, clientSecret: string): string {
  return "Basic " + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64");
}

export async function requestToken(request: APIRequestContext, clientId: string, clientSecret: string) {
  const res = await request.post("/oauth/token", {
    headers: { authorization: basicAuth(clientId, clientSecret) },
    form: { grant_type: "client_credentials" },
  });
  return { status: res.status(), body: (await res.json()) as { access_token?: string; scope?: string; error?: string } };
}

export async function introspect(request: APIRequestContext, token: string, as: { clientId: string; clientSecret: string }) {
  const res = await request.post("/oauth/introspect", {
    headers: { authorization: basicAuth(as.clientId, as.clientSecret) },
    form: { token },
  });
  return { status: res.status(), body: (await res.json()) as { active: boolean; client_id?: string } };
}

export interface CreatedApp {
  client_id: string;
  client_secret: string;
}

/**
 * The CLI must reach the server's database: embedded mode finds the server through
 * KEYPORT_DATA_DIR (set by playwright.config.ts); with E2E_DATABASE_URL the server runs on
 * PostgreSQL with the config's fixed KEYPORT_SECRET (the client-secret pepper), which the CLI
 * needs too or the secrets it prints would not verify.
 */
function cliEnv(): NodeJS.ProcessEnv {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) return process.env;
  return { ...process.env, DATABASE_URL: url, KEYPORT_ISSUER: E2E_BASE_URL, KEYPORT_SECRET: process.env.E2E_KEYPORT_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret" };
}

/** Seed an active application through Keyport's CLI (it talks to the running server's database). */
export function createAppWithCli(name: string, owner: string, scopes: string, audience?: string): CreatedApp {
  const out = execFileSync(
    process.execPath,
    [
      ...["--disable-warning=ExperimentalWarning", "--import", "tsx", "cli/keyport.ts", "apps", "create", "--name", name, "--owner", owner, "--scopes", scopes],
      ...(audience ? ["--audience", audience] : []),
      "--json",
    ],
    { encoding: "utf8", env: cliEnv() },
  );
  return JSON.parse(out) as CreatedApp;
}

/** Register `clientId` as a resource server allowed to introspect tokens of `audience` (RFC 7662 §2.1). */
export function allowIntrospectionWithCli(audience: string, clientId: string): void {
  execFileSync(
    process.execPath,
    ["--disable-warning=ExperimentalWarning", "--import", "tsx", "cli/keyport.ts", "audiences", "introspectors", "add", audience, clientId, "--json"],
    { encoding: "utf8", env: cliEnv() },
  );
}
