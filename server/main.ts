// Keyport's production server. Plain node:http in front of Next.js: the OAuth, well-known and
// health paths go straight to the framework-free handlers in lib/oauth (Next's request pipeline
// costs more than the whole token issuance), everything else — portal, admin, auth — to Next.
//
// Start-up: configuration → data-directory lock (embedded) → migrations → signing key → local CLI
// socket (embedded) → Next → listen. SIGTERM/SIGINT: stop accepting, drain in-flight requests,
// flush usage counters, close the database, release the lock, exit 0.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, getConfig } from "../lib/config/env";
import { startRuntime } from "../lib/runtime";
import { DataDirLockedError } from "../lib/db/data-dir-lock";
import { MigrationError } from "../lib/db/migrate";
import { serveLocalSocket } from "../lib/cli/local-socket";
import { CLIENT_ADDRESS_HEADER, LOOPBACK_HEADER, clientAddress, isFromThisMachine } from "../lib/http/client-address";
import type { OAuthHandler, OAuthRequest, OAuthResponse } from "../lib/oauth/oauth-http";
import { isApiPath } from "../lib/api/api-http";
import { CappedBody, declaredBodyBytes, MAX_BODY_BYTES } from "../lib/http/capped-body";
import { log, errorFields } from "../lib/log";
import { answerOutageErrorsWithPage, servedDuringOutage, unavailablePage } from "../lib/http/unavailable-page";
import { buildSecurityHeaders, newNonce, type HeaderMap, type SecurityHeaders } from "../lib/http/security-headers";
import { crossOriginRefusal, isCrossOriginAction } from "../lib/http/cross-origin-action";

(process.env as Record<string, string>).NODE_ENV = "production";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DRAIN_TIMEOUT_MS = 10_000;

let shuttingDown = false;
/** lib/http/security-headers.ts, built once in main() from the configuration. */
let security: SecurityHeaders;
/** security.api, hoisted: send() spreads it into every OAuth/JSON response. */
let apiHeaders: HeaderMap = {};

function send(req: http.IncomingMessage, res: http.ServerResponse, r: OAuthResponse): void {
  const headers: Record<string, string | number> = { ...apiHeaders, ...r.headers, "Content-Length": Buffer.byteLength(r.body) };
  if (shuttingDown) headers.Connection = "close";
  res.writeHead(r.status, headers);
  res.end(req.method === "HEAD" ? undefined : r.body);
}

/**
 * Security headers on whatever Next answers — pages, static assets, 404s, Auth.js routes, errors:
 * set on the response before Next writes its own. A page gets a fresh CSP nonce, which Next reads
 * from the request's Content-Security-Policy header and puts on its script tags (any copy the
 * client sent is dropped, so it can never choose the nonce).
 */
function secureNextResponse(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
  delete req.headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  if (pathname.startsWith("/api/") || pathname.startsWith("/_next/static/")) {
    for (const name in apiHeaders) res.setHeader(name, apiHeaders[name]!);
    return;
  }
  const policy = security.pagePolicy(newNonce());
  req.headers["content-security-policy"] = policy;
  for (const name in security.pageBase) res.setHeader(name, security.pageBase[name]!);
  res.setHeader("Content-Security-Policy", policy);
}

/** How much of an oversized body we read and discard after answering 413, and for how long. */
const DISCARD_LIMIT_BYTES = 1024 * 1024;
const DISCARD_TIMEOUT_MS = 5_000;

function serveOAuth(handler: OAuthHandler, req: http.IncomingMessage, res: http.ServerResponse, trustProxy: number): void {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  };
  const run = (body: string, bodyTooLarge: boolean, closeAfter = false) => {
    const oauthReq: OAuthRequest = {
      method: req.method ?? "GET",
      header,
      body,
      bodyTooLarge,
      remoteAddress: clientAddress(req.socket.remoteAddress, header("x-forwarded-for"), trustProxy),
    };
    handler(oauthReq).then(
      (r) => {
        if (closeAfter) res.once("finish", () => req.destroy());
        send(req, res, closeAfter ? { ...r, headers: { ...r.headers, Connection: "close" } } : r);
      },
      (err: unknown) => {
        log.error("OAuth handler failed", errorFields(err));
        if (!res.headersSent) send(req, res, { status: 500, headers: { "Content-Type": "application/json" }, body: '{"error":"server_error"}' });
        else res.destroy();
      },
    );
  };
  // An oversized body is refused without being buffered or parsed: what the client still sends is
  // read and discarded, and the 413 goes out when it has finished — answering while the client
  // still writes would make it see a reset instead of the answer (RFC 9112 §9.6). Bounded: beyond
  // 1 MiB or 5 s we answer at once and close the connection.
  const refuseOversized = (declared: number) => {
    if (declared > DISCARD_LIMIT_BYTES) return run("", true, true);
    let discarded = 0;
    let answered = false;
    const answer = (close: boolean) => {
      if (answered) return;
      answered = true;
      clearTimeout(cutoff);
      run("", true, close);
    };
    const cutoff = setTimeout(() => answer(true), DISCARD_TIMEOUT_MS);
    cutoff.unref();
    req.on("data", (c: Buffer) => {
      discarded += c.length;
      if (discarded > DISCARD_LIMIT_BYTES) answer(true);
    });
    req.once("end", () => answer(false));
  };
  // The cap itself is lib/http/capped-body.ts (shared with the App Router adapter).
  const declared = declaredBodyBytes(req.headers["content-length"]);
  if (declared > MAX_BODY_BYTES) {
    refuseOversized(declared);
    return;
  }
  const body = new CappedBody();
  const collect = (c: Buffer) => {
    if (body.push(c)) return;
    req.off("data", collect);
    req.off("end", finish);
    refuseOversized(0);
  };
  const finish = () => run(body.text(), false);
  req.on("data", collect);
  req.on("end", finish);
  req.on("error", () => res.destroy());
}

async function main(): Promise<void> {
  const config = getConfig();
  security = buildSecurityHeaders(config);
  apiHeaders = security.api;
  const expectedOrigin = new URL(config.publicOrigin).origin;
  const crossOriginPage = crossOriginRefusal(config.publicOrigin, apiHeaders);
  // The composition root (lib/runtime.ts) builds the services and the OAuth server once.
  const rt = await startRuntime();
  const oauthRoutes = rt.oauth.routes;
  const api = rt.api;
  const closeSocket = config.embedded ? await serveLocalSocket(rt) : async () => {};

  const { default: next } = await import("next");
  const nextApp = next({ dev: false, dir: ROOT, hostname: config.HOST, port: config.PORT });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();

  const trustProxy = config.KEYPORT_TRUST_PROXY;
  const outagePage = () => {
    const nonce = newNonce();
    return unavailablePage(nonce, { ...security.pageBase, "Content-Security-Policy": security.pagePolicy(nonce) });
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const handler = oauthRoutes.get(pathname);
    if (handler) return serveOAuth(handler, req, res, trustProxy);
    // The automation API and its OpenAPI document (lib/api): the same body cap and request shape,
    // plus the request target it routes on.
    if (isApiPath(pathname)) return serveOAuth((r) => api.handle({ ...r, target: url }), req, res, trustProxy);
    if (shuttingDown) res.setHeader("Connection", "close");
    // A server action from another site is refused here, against the public origin, with a 403
    // page: Next would compare Origin with the (attacker-written) Host, and answer a mismatch 500.
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(", ") : v;
    };
    if (isCrossOriginAction({ method: req.method ?? "GET", path: pathname, header }, expectedOrigin)) {
      return send(req, res, crossOriginPage);
    }
    secureNextResponse(req, res, pathname);
    // Database down (lib/db/availability-monitor.ts): pages answer 503 "temporarily unavailable"
    // instead of rendering without a session (a redirect to /signin); a render that runs into the
    // outage before the monitor noticed gets the same page instead of Next's 500.
    if (!servedDuringOutage(pathname)) {
      const availability = rt.db.availability;
      if (availability.down) return send(req, res, outagePage());
      const failuresBefore = availability.failures;
      answerOutageErrorsWithPage(req, res, () => availability.down || availability.failures !== failuresBefore, outagePage);
    }
    // Set from the socket for Next's pages and actions — never taken from the client (any incoming
    // copy is dropped): the development outbox checks the loopback flag, rate limits and the
    // audit log use the address.
    delete req.headers[LOOPBACK_HEADER];
    delete req.headers[CLIENT_ADDRESS_HEADER];
    const forwardedFor = req.headers["x-forwarded-for"];
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      req.socket.remoteAddress,
      Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor,
      trustProxy,
    );
    if (isFromThisMachine(req.socket.remoteAddress, (h) => (req.headers[h] === undefined ? undefined : String(req.headers[h])), trustProxy)) {
      req.headers[LOOPBACK_HEADER] = "1";
    }
    handleNext(req, res).catch((err: unknown) => {
      log.error("request failed", errorFields(err));
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Internal error");
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  log.info("Keyport ready", {
    url: `http://localhost:${port}`,
    database: config.embedded ? `embedded (${config.dataDir})` : "postgresql",
    issuer: config.publicOrigin,
    signingAlg: config.KEYPORT_SIGNING_ALG,
  });
  console.log(`Keyport is listening on http://localhost:${port}`);
  if (config.publicOriginIsDefault) {
    console.log(
      `Notice: KEYPORT_ISSUER is not set, so Keyport's public URL is ${config.publicOrigin} (token issuer, sign-in and ` +
        "email links). Set KEYPORT_ISSUER to the URL browsers and clients use before anyone else connects.",
    );
  }
  if (!config.embedded && config.devOutbox) {
    console.log("Warning: KEYPORT_DEV_OUTBOX=1 — mail, sign-in links included, stays in the development outbox instead of being sent.");
  }

  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info("shutting down: draining requests", { signal });
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
    force.unref();
    server.close(async () => {
      clearTimeout(force);
      try {
        await closeSocket();
        await rt.stop(); // flushes usage counters, closes the database, releases the lock
        log.info("stopped cleanly");
        process.exit(0);
      } catch (err) {
        log.error("error during shutdown", errorFields(err));
        process.exit(1);
      }
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof MigrationError || err instanceof DataDirLockedError) {
    console.error(`\nKeyport cannot start: ${err.message}\n`);
  } else if ((err as NodeJS.ErrnoException)?.code === "EADDRINUSE") {
    console.error(`\nKeyport cannot start: port ${getConfig().PORT} is already in use (set PORT to another one).\n`);
  } else {
    log.error("Keyport failed to start", errorFields(err));
    console.error(`\nKeyport failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
