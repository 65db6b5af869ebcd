"use client";
// Swagger UI, mounted into this page once its bundle has loaded. The bundle is added by this
// (nonce-trusted) script, so the page's CSP admits it through 'strict-dynamic' — no inline script,
// no relaxed policy. Requests made with "Try it out" carry only the token entered under Authorize:
// cookies are never sent (the API does not read them anyway), and nothing is kept in storage.
import { useEffect, useRef, useState } from "react";

interface SwaggerRequest {
  credentials?: RequestCredentials;
}
type SwaggerUIBundle = ((options: Record<string, unknown>) => unknown) & { presets: { apis: unknown } };

declare global {
  interface Window {
    SwaggerUIBundle?: SwaggerUIBundle;
  }
}

const BUNDLE = "/docs/api/assets/swagger-ui-bundle.js";

function loadBundle(): Promise<SwaggerUIBundle> {
  if (window.SwaggerUIBundle) return Promise.resolve(window.SwaggerUIBundle);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = BUNDLE;
    script.async = true;
    script.onload = () => (window.SwaggerUIBundle ? resolve(window.SwaggerUIBundle) : reject(new Error("Swagger UI did not load")));
    script.onerror = () => reject(new Error("Swagger UI did not load"));
    document.head.appendChild(script);
  });
}

export function ApiReference() {
  const mount = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    let cancelled = false;
    loadBundle().then(
      (SwaggerUI) => {
        if (cancelled || !mount.current) return;
        SwaggerUI({
          url: "/openapi.json",
          domNode: mount.current,
          presets: [SwaggerUI.presets.apis],
          layout: "BaseLayout",
          deepLinking: true,
          docExpansion: "list",
          defaultModelsExpandDepth: 0,
          displayRequestDuration: true,
          persistAuthorization: false,
          // No third-party validator badge (it would call validator.swagger.io).
          validatorUrl: null,
          requestInterceptor: (req: SwaggerRequest) => {
            req.credentials = "omit";
            return req;
          },
        });
        setState("ready");
      },
      () => !cancelled && setState("failed"),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <section aria-label="Interactive API reference" className="api-reference">
      {state === "loading" ? <p className="muted">Loading the API reference…</p> : null}
      {state === "failed" ? (
        <p className="notice notice-error" role="alert">
          The API reference could not be loaded. The document itself is at <a href="/openapi.json">/openapi.json</a>.
        </p>
      ) : null}
      <div ref={mount} data-testid="api-reference" />
      <noscript>
        <p>The interactive reference needs JavaScript. The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p>
      </noscript>
    </section>
  );
}
