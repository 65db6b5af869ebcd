// Runs once per Next server process before the first request (next dev, next start). Under
// Keyport's own server (server/main.ts) the runtime is already started and this is a no-op.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
