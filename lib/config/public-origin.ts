// Keyport's one public origin. Every token `iss`, metadata document, sign-in link, email link and
// snippet is built from it; nothing derives it from a request's Host or X-Forwarded-* headers, which
// an attacker controls (a forged Host once put an attacker's host into mailed sign-in links).
import type { KeyportConfig } from "./env";

/** From the raw environment: KEYPORT_ISSUER, or http://localhost:PORT for the embedded default. */
export function publicOriginOf(raw: { KEYPORT_ISSUER?: string; PORT: number }): {
  publicOrigin: string;
  publicOriginIsDefault: boolean;
} {
  if (raw.KEYPORT_ISSUER) return { publicOrigin: raw.KEYPORT_ISSUER.replace(/\/+$/, ""), publicOriginIsDefault: false };
  return { publicOrigin: `http://localhost:${raw.PORT}`, publicOriginIsDefault: true };
}

/** scheme://host[:port][/path] with no trailing slash. */
export function publicOrigin(config: Pick<KeyportConfig, "publicOrigin">): string {
  return config.publicOrigin;
}

/** An absolute URL under the public origin: publicUrl(config, "/oauth/token"). */
export function publicUrl(config: Pick<KeyportConfig, "publicOrigin">, pathname: string): string {
  return `${config.publicOrigin}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}

/** True when the public origin is https (HSTS, Secure cookies). */
export function publicOriginIsHttps(config: Pick<KeyportConfig, "publicOrigin">): boolean {
  return config.publicOrigin.startsWith("https://");
}
