// "The database is unavailable" as one recognisable condition, whatever layer reports it: a
// socket error from node:net, a pg connect / read timeout, a PostgreSQL SQLSTATE that means "not
// now" (connection exception, shutdown, too many connections, statement timeout), Prisma's P1xxx
// codes, or @prisma/adapter-pg's DriverAdapterError wrapping any of those. The OAuth endpoints
// answer such errors with 503 temporarily_unavailable, the portal with its unavailable page, and
// the availability monitor (lib/db/availability-monitor.ts) uses them to decide the database is down.

/** Error code of DatabaseUnavailableError; Prisma keeps it as `code` when it rewraps the error. */
export const DATABASE_UNAVAILABLE_CODE = "KEYPORT_DB_UNAVAILABLE";

/** Thrown by Keyport's pool while the availability monitor knows the database is down (fail fast). */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  readonly code = DATABASE_UNAVAILABLE_CODE;
  constructor(message = "the database is unavailable", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** node:net / dns errors of a connection that cannot be made or was lost. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * PostgreSQL SQLSTATEs (Appendix A of the PostgreSQL manual) meaning "the server is not serving
 * this request now": class 08 connection exceptions, 53300 too_many_connections, 57P01–57P03
 * admin/crash shutdown and cannot_connect_now, 57014 query_canceled (our statement_timeout).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith("08") || code === "53300" || code === "57P01" || code === "57P02" || code === "57P03" || code === "57014";
}

/**
 * Prisma error codes for the same: P1001 can't reach the server, P1002 timed out, P1008 operation
 * timed out, P1017 server closed the connection, P2024 timed out fetching a connection from the pool.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** DriverAdapterError kinds (@prisma/driver-adapter-utils) for an unreachable or overloaded server. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * pg reports its own timeouts and lost connections as plain Errors without a code, and Prisma
 * passes an error it cannot classify through with only the message: these are pg's exact texts.
 */
const PG_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  "Query read timeout",
  "Client has encountered a connection error and is not queryable",
  "Connection terminated",
];

/** Whether `err` is a connection-level failure: the server could not be reached or stopped answering. */
export function isConnectionFailure(err: unknown): boolean {
  return classify(err, 0) === "connection";
}

/** Whether `err` means the database is unavailable (unreachable, timed out, overloaded). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return classify(err, 0) !== null;
}

type Kind = "connection" | "busy";

function classify(err: unknown, depth: number): Kind | null {
  if (depth > 5 || typeof err !== "object" || err === null) return null;
  if (err instanceof DatabaseUnavailableError) return "connection";
  const e = err as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: unknown; originalCode?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code === DATABASE_UNAVAILABLE_CODE) return "connection";
  if (code && SOCKET_CODES.has(code)) return "connection";
  if (code && PRISMA_CODES.has(code)) return code === "P2024" ? "busy" : "connection";
  // A statement timeout or too many connections: the server answered, it is just not serving now.
  if (code && /^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)) return code.startsWith("08") || code.startsWith("57P") ? "connection" : "busy";
  const original = typeof e.originalCode === "string" ? e.originalCode : undefined;
  if (original && isUnavailableSqlState(original)) return original.startsWith("08") || original.startsWith("57P") ? "connection" : "busy";
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return e.kind === "TooManyConnections" ? "busy" : "connection";
  if (typeof e.message === "string" && PG_MESSAGES.some((m) => (e.message as string).endsWith(m))) return "connection";
  // Prisma: meta.driverAdapterError.cause is the adapter's classification of the pg error.
  const meta = e.meta as { driverAdapterError?: { cause?: unknown } } | undefined;
  // Auth.js (@auth/core errors.js) wraps the adapter's error as `cause: { err }`.
  const wrapped = (err as { err?: unknown }).err;
  return classify(meta?.driverAdapterError?.cause, depth + 1) ?? classify(e.cause, depth + 1) ?? classify(wrapped, depth + 1);
}
