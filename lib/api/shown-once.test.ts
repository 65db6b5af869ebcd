import { test } from "node:test";
import assert from "node:assert/strict";
import { withoutShownOnce } from "./shown-once";

test("shown-once members become null and the answer says the secret is not in it", () => {
  const body = { client_id: "kp_1", client_secret: "kps_secret", secret_shown_once: true, nested: { client_secret: "stays" } };
  assert.deepEqual(withoutShownOnce(body, ["client_secret"]), { client_id: "kp_1", client_secret: null, secret_shown_once: false, nested: { client_secret: "stays" } });
  // The original answer (sent to the first caller) is untouched.
  assert.equal(body.client_secret, "kps_secret");
});

test("nothing to redact: the answer is unchanged (a private_key_jwt app has no secret)", () => {
  assert.deepEqual(withoutShownOnce({ client_secret: null, secret_shown_once: false }, ["client_secret"]), { client_secret: null, secret_shown_once: false });
  assert.equal(withoutShownOnce(null, ["client_secret"]), null);
  assert.deepEqual(withoutShownOnce([1], ["client_secret"]), [1]);
});
