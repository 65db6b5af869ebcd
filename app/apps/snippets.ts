// Copyable client code for the token endpoint. Secrets are read from the environment in every
// snippet: pasting a literal secret into source code is how secrets leak.

export interface SnippetInput {
  tokenEndpoint: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  audience?: string;
}

export function curlSnippet({ tokenEndpoint, clientId, scopes }: SnippetInput, secret = "$KEYPORT_CLIENT_SECRET"): string {
  return [`curl -s -X POST '${tokenEndpoint}' \\`, `  -u '${clientId}:${secret}' \\`, `  -d grant_type=client_credentials \\`, `  -d scope='${scopes.join(" ")}'`].join("\n");
}

export function nodeSnippet({ issuer, clientId, scopes }: SnippetInput): string {
  const insecure = issuer.startsWith("http://");
  return `// npm install openid-client
import * as client from "openid-client";

const config = await client.discovery(
  new URL("${issuer}"),
  "${clientId}",
  process.env.KEYPORT_CLIENT_SECRET,${insecure ? `
  undefined,
  { execute: [client.allowInsecureRequests] }, // http:// only for local development` : ""}
);

const tokens = await client.clientCredentialsGrant(config, {
  scope: "${scopes.join(" ")}",
});
console.log(tokens.access_token, tokens.expires_in);`;
}

export function pythonSnippet({ tokenEndpoint, clientId, scopes }: SnippetInput): string {
  return `# pip install requests
import os
import requests

response = requests.post(
    "${tokenEndpoint}",
    auth=("${clientId}", os.environ["KEYPORT_CLIENT_SECRET"]),
    data={"grant_type": "client_credentials", "scope": "${scopes.join(" ")}"},
    timeout=10,
)
response.raise_for_status()
access_token = response.json()["access_token"]`;
}

/** What the private_key_jwt snippets need beyond SnippetInput: the key the client signs with. */
export interface AssertionSnippetInput extends SnippetInput {
  /** The alg of a registered key (RS256, PS256, ES256, EdDSA); ES256 when none is known yet. */
  alg?: string | null;
  kid?: string | null;
}

/** RFC 7523 §2.2 / RFC 7521 §4.2: the parameters that replace a client secret. */
export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export function nodeAssertionSnippet({ tokenEndpoint, clientId, scopes, alg, kid }: AssertionSnippetInput): string {
  const signAlg = alg || "ES256";
  const header = kid ? `{ alg: "${signAlg}", kid: ${JSON.stringify(kid)} }` : `{ alg: "${signAlg}" }`;
  return `// npm install jose
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { SignJWT, importPKCS8 } from "jose";

const tokenEndpoint = "${tokenEndpoint}";
const clientId = "${clientId}";
// Your private key (PKCS#8 PEM) stays with you: Keyport holds only its public half.
const privateKey = await importPKCS8(readFileSync(process.env.KEYPORT_PRIVATE_KEY_FILE, "utf8"), "${signAlg}");

// RFC 7523 §3: iss = sub = your client_id, aud = the token endpoint, a fresh jti (single use)
// and a short expiry. Build a new assertion for every request.
const assertion = await new SignJWT({})
  .setProtectedHeader(${header})
  .setIssuer(clientId)
  .setSubject(clientId)
  .setAudience(tokenEndpoint)
  .setJti(randomUUID())
  .setIssuedAt()
  .setExpirationTime("2m")
  .sign(privateKey);

const response = await fetch(tokenEndpoint, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({
    grant_type: "client_credentials",
    scope: "${scopes.join(" ")}",
    client_assertion_type: "${CLIENT_ASSERTION_TYPE}",
    client_assertion: assertion,
  }),
});
if (!response.ok) throw new Error(\`token request failed: \${response.status} \${await response.text()}\`);
const { access_token, expires_in } = await response.json();`;
}

export function pythonAssertionSnippet({ tokenEndpoint, clientId, scopes, alg, kid }: AssertionSnippetInput): string {
  const signAlg = alg || "ES256";
  return `# pip install "pyjwt[crypto]" requests
import os
import time
import uuid

import jwt
import requests

token_endpoint = "${tokenEndpoint}"
client_id = "${clientId}"
# Your private key (PEM) stays with you: Keyport holds only its public half.
with open(os.environ["KEYPORT_PRIVATE_KEY_FILE"], "rb") as f:
    private_key = f.read()

# RFC 7523 §3: iss = sub = your client_id, aud = the token endpoint, a fresh jti (single use)
# and a short expiry. Build a new assertion for every request.
now = int(time.time())
assertion = jwt.encode(
    {"iss": client_id, "sub": client_id, "aud": token_endpoint, "jti": str(uuid.uuid4()), "iat": now, "exp": now + 120},
    private_key,
    algorithm="${signAlg}",${kid ? `\n    headers={"kid": ${JSON.stringify(kid)}},` : ""}
)

response = requests.post(
    token_endpoint,
    data={
        "grant_type": "client_credentials",
        "scope": "${scopes.join(" ")}",
        "client_assertion_type": "${CLIENT_ASSERTION_TYPE}",
        "client_assertion": assertion,
    },
    timeout=10,
)
response.raise_for_status()
access_token = response.json()["access_token"]`;
}

export function curlAssertionSnippet({ tokenEndpoint, scopes }: SnippetInput): string {
  return [
    `# $ASSERTION: a JWT signed with your private key (see the Node or Python tab)`,
    `curl -s -X POST '${tokenEndpoint}' \\`,
    `  -d grant_type=client_credentials \\`,
    `  -d scope='${scopes.join(" ")}' \\`,
    `  -d client_assertion_type=${encodeURIComponent(CLIENT_ASSERTION_TYPE)} \\`,
    `  -d client_assertion="$ASSERTION"`,
  ].join("\n");
}
