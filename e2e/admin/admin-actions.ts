// The admin console's server actions, read from the build's server-reference manifest, so the
// "non-admins get 404" test covers every admin action that exists — including ones added later —
// without clicking through each form.
import fs from "node:fs";
import path from "node:path";

export interface AdminAction {
  id: string;
  name: string;
  file: string;
  /** A URL whose page bundles this action (Next resolves actions per route). */
  url: string;
}

interface Manifest {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
}

export function distDir(): string {
  return path.resolve(process.env.NEXT_DIST_DIR || ".next-e2e");
}

function routeToUrl(worker: string): string {
  // "app/admin/apps/[id]/page" → "/admin/apps/x"
  return worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\[[^\]]+\]/g, "x") || "/";
}

export function listAdminActions(): AdminAction[] {
  const file = path.join(distDir(), "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  return Object.entries(manifest.node)
    .filter(([, a]) => a.filename?.startsWith("app/admin/"))
    .map(([id, a]) => {
      const worker = Object.keys(a.workers).find((w) => w.startsWith("app/admin/")) ?? Object.keys(a.workers)[0]!;
      return { id, name: a.exportedName ?? "?", file: a.filename!, url: routeToUrl(worker) };
    });
}
