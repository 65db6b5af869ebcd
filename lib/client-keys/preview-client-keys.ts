// Previews for the portal's "public key" fields: what Keyport would register, before it does.
import type { RsaAlg } from "./client-key-algs";
import { parseClientKeys } from "./parse-client-keys";
import { previewOf, type ClientKeyPreview } from "./validate-public-jwk";
import { checkJwksUri, type JwksUriPolicy } from "./jwks-uri-rule";
import { fetchJwks, JwksFetchError } from "./fetch-jwks";
import { AppError } from "../errors/app-error";

/** The keys a paste holds, as {kid, alg, kty, crv?, thumbprint}. Throws AppError (field `keys`). */
export async function previewClientKeys(text: string, options: { rsaAlg?: RsaAlg } = {}): Promise<ClientKeyPreview[]> {
  return (await parseClientKeys(text, options)).map(previewOf);
}

/**
 * Fetch a jwks_uri once and show its usable keys (and why others were skipped). Throws AppError
 * (field `jwksUri`) if the URL breaks the rule or cannot be fetched. Registration does not
 * require the URL to answer; the portal may still warn.
 */
export async function previewJwksUri(uri: string, policy: JwksUriPolicy): Promise<{ jwksUri: string; keys: ClientKeyPreview[]; skipped: string[] }> {
  const jwksUri = checkJwksUri(uri, policy);
  try {
    const fetched = await fetchJwks(jwksUri, policy);
    return { jwksUri, keys: fetched.keys.map(previewOf), skipped: fetched.skipped };
  } catch (err) {
    if (err instanceof JwksFetchError) {
      const message = `Could not read a JWKS there: ${err.message}.`;
      throw new AppError("invalid_input", message, { jwksUri: [message] });
    }
    throw err;
  }
}
