import type { Metadata } from "next";
import { publicOrigin } from "@/lib/config/public-origin";
import { getConfig } from "@/lib/config/env";
import { CodeBlock } from "@/app/_components/code-block";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference" };

// GET /docs/api — the interactive reference of the automation API and the OAuth endpoints,
// rendered from /openapi.json by Swagger UI (served from /docs/api/assets, no CDN).
export default function ApiReferencePage() {
  const origin = publicOrigin(getConfig());
  return (
    <div className="stack">
      {/* Swagger UI's own stylesheet; every rule in it is scoped under .swagger-ui. */}
      <link rel="stylesheet" href="/docs/api/assets/swagger-ui.css" precedence="default" />
      <div className="page-head">
        <div>
          <h1>API reference</h1>
          <p>
            The automation API (<code>/api/v1</code>) and the OAuth 2.0 endpoints, from <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Calls go to this
            server with the token you enter under <strong>Authorize</strong>.
          </p>
        </div>
      </div>
      <CodeBlock
        label="A token for the automation API (an application with a keyport:* scope and the audience urn:keyport:management)"
        code={`curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \\
  -d audience=urn:keyport:management '${origin}/oauth/token'`}
      />
      <ApiReference />
    </div>
  );
}
