// The public origin of this portal, for links in emails and the token endpoint URL shown to owners.
import "server-only";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config/env";

/** KEYPORT_ISSUER when configured (production), else the origin this request came to. No trailing slash. */
export async function getPublicOrigin(): Promise<string> {
  const configured = getConfig().KEYPORT_ISSUER;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}
