import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { acquireDataDirLock, DataDirLockedError, lockFile, lockHolder } from "./data-dir-lock";

test("a second holder is refused with a clear message; a stale lock is taken over; release frees it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kp-lock-"));
  try {
    // Another live process (our parent) holds it.
    fs.writeFileSync(lockFile(dir), `${process.ppid}\n`);
    assert.equal(lockHolder(dir), process.ppid);
    assert.throws(() => acquireDataDirLock(dir), (e: unknown) => e instanceof DataDirLockedError && e.message.includes(dir) && e.message.includes(String(process.ppid)));
    // A PID that does not exist: stale.
    fs.writeFileSync(lockFile(dir), "999999999\n");
    const release = acquireDataDirLock(dir);
    assert.equal(lockHolder(dir), process.pid);
    release();
    assert.equal(lockHolder(dir), null);
    assert.equal(fs.existsSync(lockFile(dir)), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
