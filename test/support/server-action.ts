// Calling a Next.js server action over plain HTTP, as the browser's JavaScript does: POST to the
// page with a `Next-Action` header naming the action and the arguments encoded as React's
// encodeReply encodes them — multipart form data whose part "0" is the JSON argument list, with a
// FormData argument referenced as "$K<n>" and its fields sent as "_<n>_<field>". The action's id
// comes from the build's server-reference manifest, so tests drive the real, built action.
import fs from "node:fs";
import path from "node:path";
import { ROOT, distDir } from "./keyport";

interface ManifestEntry {
  exportedName?: string;
  filename?: string;
}

/** The id of `exportedName` exported by `filename` (e.g. "app/signin/actions.ts") in this build. */
export function serverActionId(filename: string, exportedName: string): string {
  const file = path.join(ROOT, distDir(), "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === exportedName && entry.filename === filename) return id;
  }
  throw new Error(`server action ${exportedName} of ${filename} is not in ${file}`);
}

export interface ActionResult {
  status: number;
  headers: Headers;
  /** The RSC payload (text/x-component): the action's return value is in it as JSON. */
  text: string;
}

/**
 * Call a `useActionState` form action — `(prevState, formData)` — on the page `pagePath`.
 * `headers` may carry a session cookie or X-Forwarded-For.
 */
export async function callFormAction(
  baseUrl: string,
  pagePath: string,
  actionId: string,
  fields: Array<[string, string]>,
  headers: Record<string, string> = {},
  prevState: unknown = {},
): Promise<ActionResult> {
  const body = new FormData();
  for (const [k, v] of fields) body.append(`_1_${k}`, v);
  // Last, as encodeReply writes it: the decoder reads a FormData argument's fields in order.
  body.set("0", JSON.stringify([prevState, "$K1"]));
  const res = await fetch(`${baseUrl}${pagePath}`, {
    method: "POST",
    headers: { "Next-Action": actionId, Accept: "text/x-component", Origin: baseUrl, ...headers },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
