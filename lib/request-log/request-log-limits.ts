// The request log's fixed bounds. The two an operator may tune (entries kept per application per
// flush window, rows kept per application) come from the configuration (lib/config/env.ts).

/** Rows older than this are not shown and are purged (issue #11 §4: last 7 days). */
export const REQUEST_LOG_RETENTION_MS = 7 * 86_400_000;
/** How often the buffer is written: one multi-row INSERT each time (the usage counters' rhythm). */
export const REQUEST_LOG_FLUSH_EVERY_MS = 5_000;
/** Entries held in memory at most, whatever the application (a database outage cannot grow memory). */
export const REQUEST_LOG_MAX_BUFFERED = 10_000;
/** How often the applications written since the last time are trimmed to their cap. */
export const REQUEST_LOG_TRIM_EVERY_MS = 60_000;
/** How often rows past the retention are purged (and every application over its cap trimmed). */
export const REQUEST_LOG_PURGE_EVERY_MS = 3_600_000;
/** A requested scope is attacker-chosen on a failed request: kept to this many characters. */
export const REQUEST_LOG_MAX_SCOPE_CHARS = 1_000;
