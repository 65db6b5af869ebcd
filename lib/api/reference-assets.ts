// The API reference's renderer, Swagger UI (swagger-ui-dist), served by Keyport itself — no CDN:
// only these files, read from the installed package once and kept in memory.
import fs from "node:fs/promises";
import path from "node:path";
// The package's own resolver (a CommonJS module of one function): where npm put it.
import getAbsoluteFSPath from "swagger-ui-dist/absolute-path.js";

export const REFERENCE_ASSETS = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
} as const;
export type ReferenceAsset = keyof typeof REFERENCE_ASSETS;

const cache = new Map<ReferenceAsset, Promise<Buffer>>();

export function isReferenceAsset(name: string): name is ReferenceAsset {
  return Object.hasOwn(REFERENCE_ASSETS, name);
}

/** The file's bytes; the source-map comment is dropped (the map is not served). */
export function readReferenceAsset(name: ReferenceAsset): Promise<Buffer> {
  let p = cache.get(name);
  if (!p) {
    p = fs.readFile(path.join(getAbsoluteFSPath(), name)).then((b) => Buffer.from(b.toString("utf8").replace(/\n\/[/*]# sourceMappingURL=[^\n]*\s*$/, "\n")));
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}
