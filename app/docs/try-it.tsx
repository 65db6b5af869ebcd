"use client";
// Calls the real token endpoint from the browser, exactly as a client would (same origin, so no
// CORS). The secret stays in this page: it is sent only to /oauth/token.
import { useState, type FormEvent } from "react";

type Auth = "basic" | "post" | "json";

export function TryIt() {
  const [result, setResult] = useState<{ status: number; body: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const clientId = String(f.get("client_id") ?? "");
    const clientSecret = String(f.get("client_secret") ?? "");
    const scope = String(f.get("scope") ?? "").trim();
    const audience = String(f.get("audience") ?? "").trim();
    const auth = String(f.get("auth") ?? "basic") as Auth;
    const params: Record<string, string> = { grant_type: "client_credentials" };
    if (scope) params.scope = scope;
    if (audience) params.audience = audience;
    const headers: Record<string, string> = {};
    let body: string;
    if (auth === "basic") {
      // RFC 6749 §2.3.1: form-urlencode id and secret before base64.
      headers.Authorization = `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)}`;
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(params).toString();
    } else if (auth === "post") {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams({ ...params, client_id: clientId, client_secret: clientSecret }).toString();
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify({ ...params, client_id: clientId, client_secret: clientSecret });
    }
    setBusy(true);
    try {
      const res = await fetch("/oauth/token", { method: "POST", headers, body, credentials: "omit" });
      const text = await res.text();
      let pretty = text;
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        /* not JSON: show as is */
      }
      setResult({ status: res.status, body: pretty });
    } catch (err) {
      setResult({ status: 0, body: err instanceof Error ? err.message : "Request failed" });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <form onSubmit={submit} className="form" style={{ maxWidth: "none" }}>
        <div className="grid-2">
          <div className="field">
            <label className="field-label" htmlFor="try-client-id">
              client_id
            </label>
            <input id="try-client-id" name="client_id" className="input mono" required autoComplete="off" placeholder="kp_…" />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="try-client-secret">
              client_secret
            </label>
            <input id="try-client-secret" name="client_secret" type="password" className="input mono" required autoComplete="off" placeholder="kps_…" />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="try-scope">
              scope <span className="muted small">(optional, space-separated)</span>
            </label>
            <input id="try-scope" name="scope" className="input mono" autoComplete="off" />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="try-audience">
              audience <span className="muted small">(optional)</span>
            </label>
            <input id="try-audience" name="audience" className="input mono" autoComplete="off" />
          </div>
        </div>
        <fieldset className="fieldset">
          <legend>Client authentication</legend>
          <div className="row">
            <label className="row small">
              <input type="radio" name="auth" value="basic" defaultChecked /> HTTP Basic (client_secret_basic)
            </label>
            <label className="row small">
              <input type="radio" name="auth" value="post" /> Form body (client_secret_post)
            </label>
            <label className="row small">
              <input type="radio" name="auth" value="json" /> JSON body
            </label>
          </div>
        </fieldset>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Requesting…" : "Request a token"}
          </button>
        </div>
      </form>
      {result ? (
        <div aria-live="polite" data-testid="try-result">
          <p>
            <strong>HTTP {result.status || "error"}</strong>
          </p>
          <div className="code-block">
            <pre tabIndex={0}>
              <code>{result.body}</code>
            </pre>
          </div>
        </div>
      ) : null}
    </div>
  );
}
