// A machine client's side of the flow: the token endpoint with HTTP Basic client authentication.
import type { APIRequestContext } from "@playwright/test";

export function basicAuthHeader(clientId: string, clientSecret: string): string {
  // RFC 6749 §2.3.1: form-urlencode both before base64.
  return "Basic " + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64");
}

export async function requestToken(request: APIRequestContext, clientId: string, clientSecret: string, scope?: string) {
  const res = await request.post("/oauth/token", {
    headers: { authorization: basicAuthHeader(clientId, clientSecret) },
    form: scope ? { grant_type: "client_credentials", scope } : { grant_type: "client_credentials" },
  });
  return { status: res.status(), body: (await res.json()) as { access_token?: string; token_type?: string; expires_in?: number; scope?: string; error?: string } };
}
