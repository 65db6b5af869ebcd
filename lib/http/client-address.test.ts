import { test } from "node:test";
import assert from "node:assert/strict";
import { clientAddress, isFromThisMachine } from "./client-address";

test("without a trusted proxy X-Forwarded-For is ignored", () => {
  assert.equal(clientAddress("203.0.113.9", "1.2.3.4", 0), "203.0.113.9");
  assert.equal(clientAddress("::ffff:127.0.0.1", undefined, 0), "127.0.0.1");
});

test("with N trusted proxies the Nth entry from the right is the client; forged entries on the left are not", () => {
  assert.equal(clientAddress("127.0.0.1", "6.6.6.6, 198.51.100.7", 1), "198.51.100.7");
  assert.equal(clientAddress("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", 2), "198.51.100.7");
  assert.equal(clientAddress("127.0.0.1", "198.51.100.7", 3), "198.51.100.7");
  assert.equal(clientAddress("127.0.0.1", undefined, 1), "127.0.0.1");
});

test("this machine: loopback socket, no proxy configured, no forwarding headers", () => {
  const none = () => undefined;
  assert.equal(isFromThisMachine("127.0.0.1", none, 0), true);
  assert.equal(isFromThisMachine("::1", none, 0), true);
  assert.equal(isFromThisMachine("10.1.2.3", none, 0), false);
  assert.equal(isFromThisMachine("127.0.0.1", none, 1), false);
  assert.equal(isFromThisMachine("127.0.0.1", (h) => (h === "x-forwarded-for" ? "127.0.0.1" : undefined), 0), false);
  assert.equal(isFromThisMachine("127.0.0.1", (h) => (h === "x-real-ip" ? "203.0.113.1" : undefined), 0), false);
});
