// Runs once per Next server process before the first request (next dev, next start). Under
// Keyport's own server (server/main.ts) the runtime is already started and this is a no-op.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startRuntime } = await import("./lib/runtime");
  const { log, errorFields } = await import("./lib/log");
  try {
    await startRuntime();
  } catch (err) {
    // Next would otherwise keep serving, answering every request with 500.
    log.error("Keyport failed to start", errorFields(err));
    console.error(`\nKeyport failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
