// client_secret_basic: HTTP Basic with the form-urlencoded client_id and secret (RFC 6749 §2.3.1).
import { invalidClient } from "../errors";
import { checkClientId } from "./check-client-id";
import type { ClientAuthMethod } from "./client-auth-method";
import { verifyPresentedSecret, type PresentedSecret } from "./client-secret";

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined for Basic. */
function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, " "));
}

function parseBasic(value: string): { clientId: string; clientSecret: string } {
  const m = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(value);
  if (!m) throw invalidClient("malformed HTTP Basic credentials");
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient("malformed HTTP Basic credentials");
  try {
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    if (!clientId || !clientSecret) throw invalidClient("malformed HTTP Basic credentials");
    return { clientId, clientSecret };
  } catch (err) {
    if (err instanceof URIError) throw invalidClient("client_id and client_secret must be form-urlencoded in HTTP Basic");
    throw err;
  }
}

export const clientSecretBasic: ClientAuthMethod<PresentedSecret> = {
  name: "client_secret_basic",
  usage: "HTTP Basic",
  // Any Authorization header at these endpoints is an attempt at this method: another scheme is
  // refused as such rather than ignored (a client that sent one believes it authenticated).
  isPresent: (req) => {
    const authorization = req.header("authorization");
    return authorization !== undefined && authorization !== "";
  },
  read(req) {
    const authorization = req.header("authorization")!;
    if (!/^Basic /i.test(authorization)) throw invalidClient("unsupported authentication scheme; use HTTP Basic");
    const { clientId, clientSecret } = parseBasic(authorization);
    checkClientId(clientId);
    return { method: "client_secret_basic", clientId, clientSecret };
  },
  verify: verifyPresentedSecret,
};
