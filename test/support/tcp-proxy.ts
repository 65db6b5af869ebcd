// A TCP proxy between Keyport and PostgreSQL that a test can break on purpose — the machine's
// PostgreSQL itself is never touched. Modes:
//   pass       forward both ways;
//   cut        refuse new connections (the port stops listening: ECONNREFUSED) and reset every
//              open one — a database that crashed or a firewall that rejects;
//   blackhole  accept new connections and never answer or forward them; open connections stop
//              forwarding (bytes wait, as packets would be retransmitted) — a network partition
//              or a frozen server, which produces no error at all.
// Back to `pass`: held black-hole connections are dropped, paused ones resume.
import net from "node:net";

export type ProxyMode = "pass" | "cut" | "blackhole";

export interface TcpProxy {
  port: number;
  mode: ProxyMode;
  setMode(mode: ProxyMode): Promise<void>;
  /** `url` (a postgresql:// URL) pointed at the proxy instead. */
  rewrite(url: string): string;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** Bytes held back while black-holed, per direction, delivered on the way back to `pass`. */
  toUpstream: Buffer[];
  toClient: Buffer[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "pass";
  const pairs = new Set<Pair>();
  const held = new Set<net.Socket>();

  const onConnection = (client: net.Socket) => {
    client.on("error", () => {});
    if (mode === "blackhole") {
      held.add(client);
      client.on("close", () => held.delete(client));
      return; // accepted, never answered
    }
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, upstream, toUpstream: [], toClient: [] };
    pairs.add(pair);
    upstream.on("error", () => client.destroy());
    client.on("close", () => {
      upstream.destroy();
      pairs.delete(pair);
    });
    upstream.on("close", () => client.destroy());
    client.on("data", (c: Buffer) => (mode === "pass" ? upstream.write(c) : pair.toUpstream.push(c)));
    upstream.on("data", (c: Buffer) => (mode === "pass" ? client.write(c) : pair.toClient.push(c)));
  };

  let server = net.createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));

  const proxy: TcpProxy = {
    port,
    get mode() {
      return mode;
    },
    async setMode(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (next === "cut") {
        if (previous !== "cut") await Promise.all([stopListening(), ...destroyAll()]);
        return;
      }
      if (previous === "cut") {
        server = net.createServer(onConnection);
        await listen(port);
      }
      if (next === "blackhole") return; // open pairs now queue instead of forwarding
      // pass
      for (const s of held) s.destroy();
      held.clear();
      for (const p of pairs) {
        for (const c of p.toUpstream.splice(0)) p.upstream.write(c);
        for (const c of p.toClient.splice(0)) p.client.write(c);
      }
    },
    rewrite(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async close() {
      mode = "cut";
      await Promise.all([stopListening(), ...destroyAll()]);
    },
  };

  function destroyAll(): Promise<void>[] {
    const closed: Promise<void>[] = [];
    for (const p of pairs) {
      closed.push(new Promise((r) => p.client.once("close", () => r())));
      // resetAndDestroy: the peer sees ECONNRESET, as when the server's host goes away.
      p.client.resetAndDestroy();
      p.upstream.destroy();
    }
    for (const s of held) s.resetAndDestroy();
    held.clear();
    return closed;
  }

  return proxy;
}
