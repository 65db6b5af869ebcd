import type { Metadata } from "next";
import { publicOrigin } from "@/lib/config/public-origin";
import { getConfig } from "@/lib/config/env";
import { Card } from "@/app/_components/card";
import { CodeBlock } from "@/app/_components/code-block";
import { Table } from "@/app/_components/table";
import { TryIt } from "./try-it";
import { ProfileDocs } from "./profile-docs";

export const metadata: Metadata = { title: "Token endpoint reference" };

const ERRORS: Array<[string, string, string]> = [
  ["invalid_request", "400", "A required parameter is missing, repeated, or malformed; an organization that is not the application's team; unsupported content type; body too large."],
  ["invalid_client", "401", "Unknown client, wrong or expired or revoked secret, disabled or pending application, or more than one authentication method. Sent with WWW-Authenticate."],
  ["unauthorized_client", "400", "The application may not use this grant type."],
  ["unsupported_grant_type", "400", "grant_type is not client_credentials."],
  ["invalid_scope", "400", "A requested scope is unknown or not granted to the application."],
  ["invalid_target", "400", "The audience / resource is not one the application may request (RFC 8707 §2)."],
  ["server_error", "500", "Something failed on Keyport's side. Retry with backoff."],
];

export default async function DocsPage() {
  const origin = publicOrigin(getConfig());
  const endpoint = `${origin}/oauth/token`;
  return (
    <div className="stack prose">
      <div className="page-head">
        <div>
          <h1>Token endpoint</h1>
          <p>
            <code>POST {endpoint}</code> — the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Access tokens are JWTs (RFC 9068).
          </p>
          <p>
            Automating Keyport itself? The <a href="/docs/api">API reference</a> documents the automation API and every endpoint, from{" "}
            <a href="/openapi.json">/openapi.json</a>.
          </p>
        </div>
      </div>

      <Card title="Request">
        <p>
          Send <code>application/x-www-form-urlencoded</code> (standard) or <code>application/json</code>. Authenticate the client in exactly one way:
        </p>
        <ul>
          <li>
            <strong>HTTP Basic</strong> (<code>client_secret_basic</code>, recommended): <code>Authorization: Basic base64(urlencode(client_id):urlencode(client_secret))</code>.
          </li>
          <li>
            <strong>In the body</strong> (<code>client_secret_post</code>): <code>client_id</code> and <code>client_secret</code> parameters, form or JSON.
          </li>
        </ul>
        <Table caption="Parameters" head={["Parameter", "Required", "Description"]}>
          <tr>
            <td>
              <code>grant_type</code>
            </td>
            <td>yes</td>
            <td>
              Always <code>client_credentials</code>.
            </td>
          </tr>
          <tr>
            <td>
              <code>scope</code>
            </td>
            <td>no</td>
            <td>Space-separated scopes, a subset of the application&apos;s. Omitted: all of the application&apos;s scopes.</td>
          </tr>
          <tr>
            <td>
              <code>audience</code> or <code>resource</code>
            </td>
            <td>no</td>
            <td>The API the token is for (the token&apos;s aud). Omitted: the application&apos;s default API. resource follows RFC 8707.</td>
          </tr>
          <tr>
            <td>
              <code>organization</code>
            </td>
            <td>no</td>
            <td>
              The application&apos;s team, by slug or id (as Auth0&apos;s parameter): the token then carries <code>org_id</code> (the team id) and <code>org_name</code>. Any other team is
              invalid_request.
            </td>
          </tr>
          <tr>
            <td>
              <code>client_id</code>, <code>client_secret</code>
            </td>
            <td>with client_secret_post</td>
            <td>The application&apos;s credentials (kp_… and kps_…). Never combine with an Authorization header.</td>
          </tr>
        </Table>
        <CodeBlock
          label="Form body, HTTP Basic"
          code={`curl -s -X POST '${endpoint}' \\
  -u "$KEYPORT_CLIENT_ID:$KEYPORT_CLIENT_SECRET" \\
  -d grant_type=client_credentials \\
  -d scope='application.client'`}
        />
        <CodeBlock
          label="JSON body"
          code={`curl -s -X POST '${endpoint}' \\
  -H 'Content-Type: application/json' \\
  -d '{"grant_type":"client_credentials","client_id":"kp_…","client_secret":"kps_…","audience":"urn:keyport:api"}'`}
        />
      </Card>

      <Card title="Successful response (RFC 6749 §5.1)">
        <p>
          <code>200 OK</code> with <code>Cache-Control: no-store</code>:
        </p>
        <CodeBlock
          code={`{
  "access_token": "eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Ii4uLiJ9…",
  "token_type": "Bearer",
  "expires_in": 3600,
  "scope": "application.client"
}`}
        />
        <p>
          Verify tokens with the keys at <a href="/.well-known/jwks.json">/.well-known/jwks.json</a> (header <code>typ: at+jwt</code>; check <code>iss</code>,{" "}
          <code>aud</code>, <code>exp</code>). Server metadata: <a href="/.well-known/oauth-authorization-server">/.well-known/oauth-authorization-server</a>{" "}
          (RFC 8414). Ask whether a token is still active at <code>POST /oauth/introspect</code> (RFC 7662) and revoke one at <code>POST /oauth/revoke</code> (RFC 7009),
          both with the same client authentication.
        </p>
      </Card>

      <Card title="Error responses (RFC 6749 §5.2)">
        <p>
          JSON <code>{`{"error": "…", "error_description": "…"}`}</code>, never cached. Retry only <code>server_error</code>.
        </p>
        <Table caption="Errors" head={["error", "HTTP", "When"]}>
          {ERRORS.map(([code, status, when]) => (
            <tr key={code}>
              <td>
                <code>{code}</code>
              </td>
              <td>{status}</td>
              <td>{when}</td>
            </tr>
          ))}
        </Table>
      </Card>

      <ProfileDocs config={getConfig()} />

      <Card id="try" title="Try it" description="Calls the real endpoint from your browser. Your secret is sent only to /oauth/token.">
        <TryIt />
      </Card>
    </div>
  );
}
