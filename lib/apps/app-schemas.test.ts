// Names and descriptions refuse control and bidirectional formatting characters (issue #8 item 9):
// U+202E once showed an app named "\u202Eevil" as "live" to the admin approving it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { appDescriptionSchema, appNameSchema, INVISIBLE_CHARACTERS_MESSAGE } from "./app-schemas";
import { registerAppSchema } from "./register-app";
import { scopeDescriptionSchema } from "../scopes/scope-schemas";
import { audienceDescriptionSchema, audienceIdentifierSchema, audienceNameSchema } from "../audiences/audience-schemas";

const BIDI = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
const CONTROLS = ["\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B"];
const LINE_BREAKS = ["\n", "\r\n", "\t"];

function messages(schema: z.ZodType, value: string): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

test("single-line names and descriptions refuse bidi, control and line-break characters", () => {
  const singleLine = [appNameSchema, scopeDescriptionSchema, audienceNameSchema, audienceDescriptionSchema];
  for (const schema of singleLine) {
    for (const ch of [...BIDI, ...CONTROLS, ...LINE_BREAKS]) {
      assert.deepEqual(messages(schema, `live${ch}evil`), [INVISIBLE_CHARACTERS_MESSAGE], JSON.stringify(ch));
    }
    assert.deepEqual(messages(schema, "Billing sync (prod) — ünïcödé, 日本語, العربية"), [], "ordinary text, any script, is fine");
  }
});

test("the app description (a textarea) keeps its line breaks but refuses the rest", () => {
  for (const ch of LINE_BREAKS) assert.deepEqual(messages(appDescriptionSchema, `line one${ch}line two`), []);
  for (const ch of [...BIDI, ...CONTROLS]) assert.deepEqual(messages(appDescriptionSchema, `a${ch}b`), [INVISIBLE_CHARACTERS_MESSAGE], JSON.stringify(ch));
});

test("audience identifiers refuse them too", () => {
  assert.ok(messages(audienceIdentifierSchema, "https://api.example.com/\u202Eevil").includes(INVISIBLE_CHARACTERS_MESSAGE));
  assert.deepEqual(messages(audienceIdentifierSchema, "https://api.example.com"), []);
});

test("the error is a field error on the name (what the portal and the CLI show)", () => {
  const r = registerAppSchema.safeParse({ name: "\u202Elive", scopes: ["application.client"], ownerEmail: "o@example.com" });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues.map((i) => [i.path.join("."), i.message]), [["name", INVISIBLE_CHARACTERS_MESSAGE]]);
});

test("the portal's jwks_uri and paste limits are lib/client-keys' limits", async () => {
  const { JWKS_URI_MAX_CHARS, PUBLIC_KEYS_MAX_CHARS, publicKeysTextSchema } = await import("./client-auth-schemas");
  const { MAX_JWKS_URI_LENGTH } = await import("../client-keys/jwks-uri-rule");
  const { MAX_KEY_INPUT_BYTES } = await import("../client-keys/client-key-algs");
  assert.equal(JWKS_URI_MAX_CHARS, MAX_JWKS_URI_LENGTH);
  assert.equal(PUBLIC_KEYS_MAX_CHARS, MAX_KEY_INPUT_BYTES);
  assert.deepEqual(messages(publicKeysTextSchema, "x".repeat(PUBLIC_KEYS_MAX_CHARS + 1)), ["That is more than 64 KiB: paste public keys only."]);
  assert.deepEqual(messages(publicKeysTextSchema, "x".repeat(PUBLIC_KEYS_MAX_CHARS)), []);
});
