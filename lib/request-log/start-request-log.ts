// The request log of one process, as the composition root (lib/runtime.ts) starts it: a recorder
// subscribed to the token endpoint's events, flushing, trimming and purging in the background
// where the process serves requests. Returns the stop function: unsubscribe, write what is left.
import type { KeyportConfig } from "../config/env";
import type { SqlSession } from "../db/database";
import type { KeyportEvents } from "../events/events";
import { recordRequestLogEvents } from "./record-request-log-events";
import { RequestLogRecorder } from "./request-log-recorder";

export function startRequestLog(
  db: SqlSession,
  config: Pick<KeyportConfig, "KEYPORT_REQUEST_LOG_SAMPLE" | "KEYPORT_REQUEST_LOG_MAX_PER_APP">,
  events: KeyportEvents,
  options: { background: boolean },
): () => Promise<void> {
  const recorder = new RequestLogRecorder(db, { perAppPerWindow: config.KEYPORT_REQUEST_LOG_SAMPLE, maxPerApp: config.KEYPORT_REQUEST_LOG_MAX_PER_APP });
  const unsubscribe = recordRequestLogEvents(events, recorder);
  if (options.background) recorder.start();
  return async () => {
    unsubscribe();
    await recorder.stop();
  };
}
