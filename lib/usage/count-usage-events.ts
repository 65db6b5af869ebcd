// Usage counting hangs off the events (lib/events), like the metrics: the token endpoint emits
// token.issued / oauth.error at its defined points and never calls the recorder itself.
import type { KeyportEvents } from "../events/events";
import type { UsageRecorder } from "./usage-recorder";

/** Subscribe `usage` to the token endpoint's outcomes; returns the unsubscribe function. */
export function countUsageEvents(events: KeyportEvents, usage: Pick<UsageRecorder, "issued" | "failed">): () => void {
  const offIssued = events.on("token.issued", (e) => usage.issued(e.appId));
  // Failures are counted for the token endpoint only (per error code, and per application when
  // the client was already cached), as before the events existed.
  const offError = events.on("oauth.error", (e) => {
    if (e.endpoint === "token") usage.failed(e.error, e.appId);
  });
  return () => {
    offIssued();
    offError();
  };
}
