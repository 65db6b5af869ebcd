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
