// The request-body cap of the OAuth endpoints, written once: server/main.ts (node:http) and the
// Fetch adapter for the App Router routes (lib/oauth/oauth-http.ts) both collect through it.
// Token, introspection and revocation requests are small; anything bigger is refused early —
// by its declared Content-Length before a byte is read, or as soon as the bytes exceed the cap.

/** Largest body accepted (bytes). */
export const MAX_BODY_BYTES = 8 * 1024;

/** The Content-Length a request declares (NaN or 0 when absent or unreadable: then only the bytes count). */
export function declaredBodyBytes(contentLength: string | null | undefined): number {
  return Number(contentLength ?? 0);
}

/** A declared length already over the cap: refuse without reading. */
export function declaresTooLarge(contentLength: string | null | undefined): boolean {
  return declaredBodyBytes(contentLength) > MAX_BODY_BYTES;
}

/** Collects chunks up to MAX_BODY_BYTES; once over, it drops what it held and stays over. */
export class CappedBody {
  private chunks: Uint8Array[] = [];
  private size = 0;

  /** Add a chunk; false once the body is over the cap. */
  push(chunk: Uint8Array): boolean {
    if (this.size > MAX_BODY_BYTES) return false;
    this.size += chunk.byteLength;
    if (this.size > MAX_BODY_BYTES) {
      this.chunks = [];
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  get tooLarge(): boolean {
    return this.size > MAX_BODY_BYTES;
  }

  /** The body as UTF-8 text ('' when over the cap). */
  text(): string {
    const c = this.chunks;
    if (c.length === 0) return "";
    if (c.length === 1) {
      const only = c[0]!;
      return (Buffer.isBuffer(only) ? only : Buffer.from(only.buffer, only.byteOffset, only.byteLength)).toString("utf8");
    }
    return Buffer.concat(c).toString("utf8");
  }
}
