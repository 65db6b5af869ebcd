import { test } from "node:test";
import assert from "node:assert/strict";
import { CHECK_EMAIL_PATH, SIGN_IN_SENT_TO_COOKIE, readSentTo, sentToCookie } from "./sign-in-sent-to";

test("the cookie is HttpOnly, Lax, short-lived and sent to the check-email page only", () => {
  const c = sentToCookie("alice@example.com", { secure: true });
  assert.equal(c.name, SIGN_IN_SENT_TO_COOKIE);
  assert.equal(c.value, "alice@example.com");
  assert.deepEqual(c.options, { httpOnly: true, sameSite: "lax", secure: true, path: CHECK_EMAIL_PATH, maxAge: 600 });
  assert.equal(sentToCookie("a@b.example", { secure: false }).options.secure, false);
});

test("readSentTo shows an email address and nothing else", () => {
  assert.equal(readSentTo("Alice@Example.com"), "alice@example.com");
  assert.equal(readSentTo(undefined), null);
  assert.equal(readSentTo(""), null);
  assert.equal(readSentTo("<img src=x onerror=alert(1)>"), null);
  assert.equal(readSentTo("not an address"), null);
  assert.equal(readSentTo(`${"a".repeat(320)}@example.com`), null);
});
