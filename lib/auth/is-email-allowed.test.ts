import { test } from "node:test";
import assert from "node:assert/strict";
import { isEmailAllowed } from "./is-email-allowed";

test("an empty allow-list admits everyone", () => {
  assert.equal(isEmailAllowed("anyone@anywhere.io", []), true);
});

test("full addresses and @domain entries", () => {
  const allowed = ["@example.com", "partner@x.io"];
  assert.equal(isEmailAllowed("Alice@Example.com", allowed), true);
  assert.equal(isEmailAllowed("partner@x.io", allowed), true);
  assert.equal(isEmailAllowed("other@x.io", allowed), false);
  assert.equal(isEmailAllowed("bob@example.org", allowed), false);
});

test("a domain entry does not admit subdomains or lookalikes", () => {
  const allowed = ["@example.com"];
  assert.equal(isEmailAllowed("evil@attacker.example.com", allowed), false);
  assert.equal(isEmailAllowed("evil@notexample.com", allowed), false);
  assert.equal(isEmailAllowed("example.com", allowed), false);
});
