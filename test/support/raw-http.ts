// Raw HTTP for integration tests through node:http, so a test controls every header — Host and
// Origin included, which fetch does not let it set — and sees every response header as sent.
import http from "node:http";

export interface RawResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", headers: opts.headers, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** The cookies a response sets, as a Cookie request header. */
export function cookiesOf(res: RawResult): string {
  return (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}
