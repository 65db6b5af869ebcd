// PGlite is single-process: while a Keyport server holds the embedded data directory, the CLI
// cannot open it. The server therefore listens on a Unix socket inside the data directory (mode
// 0700 folder, socket 0600: only the user who owns the data can use it), and the CLI sends its
// argv there; the server runs the same runCliCommand and returns the output.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Runtime } from "../runtime";
import type { Actor } from "../audit/actor";
import { log, errorFields } from "../log";
import { runCliCommand, type CliResult } from "./run-cli-command";

/** An import file travels inline (`keyport apps import`, up to 32 MiB; JSON escaping adds some). */
const MAX_REQUEST = 48 * 1024 * 1024;

export function socketPath(dataDir: string): string {
  return path.join(dataDir, "keyport.sock");
}

interface SocketRequest {
  argv: string[];
  actor: Actor;
}

export function serveLocalSocket(rt: Runtime): Promise<() => Promise<void>> {
  const file = socketPath(rt.config.dataDir);
  fs.rmSync(file, { force: true }); // a stale socket of a process that died (we hold the lock)
  const server = net.createServer((conn) => {
    let buf = "";
    conn.setEncoding("utf8");
    conn.on("data", (chunk: string) => {
      // Only the new chunk is searched: a large request arrives in hundreds of chunks.
      const at = chunk.indexOf("\n");
      buf += chunk;
      const nl = at < 0 ? -1 : buf.length - chunk.length + at;
      if (nl < 0) {
        if (buf.length > MAX_REQUEST) conn.destroy();
        return;
      }
      conn.removeAllListeners("data"); // one request per connection
      void (async () => {
        let result: CliResult;
        try {
          const req = JSON.parse(buf.slice(0, nl)) as SocketRequest;
          if (!Array.isArray(req.argv) || !req.argv.every((a) => typeof a === "string")) throw new Error("bad request");
          const actor: Actor = { ...req.actor, type: "cli" };
          result = await runCliCommand(rt, req.argv, actor);
        } catch (err) {
          log.error("CLI command through the local socket failed", errorFields(err));
          result = { stdout: "", stderr: "keyport: internal error (see the server log)\n", code: 1 };
        }
        conn.end(JSON.stringify(result) + "\n");
      })();
    });
    conn.on("error", () => {});
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(file, () => {
      fs.chmodSync(file, 0o600);
      resolve(
        () =>
          new Promise<void>((done) => {
            server.close(() => done());
            fs.rmSync(file, { force: true });
          }),
      );
    });
  });
}

/** Send a CLI invocation to the running server. */
export function sendToLocalSocket(dataDir: string, argv: string[], actor: Actor): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath(dataDir));
    let buf = "";
    conn.setEncoding("utf8");
    conn.on("connect", () => conn.write(JSON.stringify({ argv, actor }) + "\n"));
    conn.on("data", (c: string) => (buf += c));
    conn.on("end", () => {
      try {
        resolve(JSON.parse(buf) as CliResult);
      } catch {
        reject(new Error("the running Keyport server gave no answer"));
      }
    });
    conn.on("error", reject);
  });
}
