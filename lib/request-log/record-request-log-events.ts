// The request log hangs off the events (lib/events), like usage counting and the metrics: the token
// endpoint emits token.issued / oauth.error at its defined points and never calls the log itself.
import type { KeyportEvents } from "../events/events";
import type { RequestLogRecorder } from "./request-log-recorder";

/** Subscribe `log` to the token endpoint's outcomes; returns the unsubscribe function. */
export function recordRequestLogEvents(events: KeyportEvents, log: Pick<RequestLogRecorder, "issued" | "failed">): () => void {
  const offIssued = events.on("token.issued", (e) => log.issued(e));
  // The token endpoint only, and only failures of an identified client: the recorder checks appId.
  const offError = events.on("oauth.error", (e) => {
    if (e.endpoint === "token") log.failed(e);
  });
  return () => {
    offIssued();
    offError();
  };
}
