// How an application authenticates, as the portal's forms submit it: one zod schema per field,
// used by the server actions, with the limits the forms' HTML constraints (maxLength) are built
// from. Pure (zod and constants only): client components import it too. The key rules themselves
// live in lib/client-keys (parseClientKeys, checkJwksUri), which the server applies on preview
// and on submit alike.
import { z } from "zod";
import { MAX_KEY_INPUT_BYTES, RSA_ALGS } from "../client-keys/client-key-algs";

/** Application.authMethod: a shared secret, or a JWT signed with the client's key (RFC 7523 §2.2). */
export const AUTH_METHODS = ["client_secret", "private_key_jwt"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
export const authMethodSchema = z.enum(AUTH_METHODS, { message: "Choose how the application authenticates" }).default("client_secret");

/** Where a private_key_jwt application's keys come from: pasted (inline JWKS) or its jwks_uri. */
export const KEY_SOURCES = ["paste", "jwks_uri"] as const;
export const keySourceSchema = z.enum(KEY_SOURCES, { message: "Choose where Keyport finds your keys" }).default("paste");

/**
 * The paste box's cap. lib/client-keys counts bytes (MAX_KEY_INPUT_BYTES); the textarea's
 * maxLength counts characters, so for ASCII (every JWK and PEM) the two agree, and the browser stops
 * a huge paste before it is ever sent.
 */
export const PUBLIC_KEYS_MAX_CHARS = MAX_KEY_INPUT_BYTES;
export const publicKeysTextSchema = z
  .string({ message: "Paste a public key: a JWK, a JWKS or a PEM public key." })
  .max(PUBLIC_KEYS_MAX_CHARS, `That is more than ${PUBLIC_KEYS_MAX_CHARS / 1024} KiB: paste public keys only.`);

/** Mirrors MAX_JWKS_URI_LENGTH of lib/client-keys/jwks-uri-rule.ts (a Node-only module); a unit test keeps them equal. */
export const JWKS_URI_MAX_CHARS = 2048;
export const jwksUriTextSchema = z.string().max(JWKS_URI_MAX_CHARS, `At most ${JWKS_URI_MAX_CHARS} characters`);

/** The alg of an RSA key that names none (a PEM never does). */
export const rsaAlgSchema = z.enum(RSA_ALGS, { message: "Choose RS256 or PS256" }).default("RS256");

/** An HTML checkbox: "on" when ticked, absent otherwise. */
export const checkboxSchema = z
  .union([z.literal("on"), z.literal("true"), z.null(), z.undefined()])
  .transform((v) => v === "on" || v === "true");
