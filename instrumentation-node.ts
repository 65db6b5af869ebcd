// Node-only part of instrumentation.ts: start the Keyport runtime (migrations included).
import { startRuntime } from "./lib/runtime";
import { log, errorFields } from "./lib/log";

try {
  await startRuntime();
} catch (err) {
  // Next would otherwise keep serving, answering every request with 500.
  log.error("Keyport failed to start", errorFields(err));
  console.error(`\nKeyport failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
