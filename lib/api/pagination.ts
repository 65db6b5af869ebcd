// Cursor pagination for API lists: `?limit=&cursor=` in, `{items, next_cursor}` out, plus a
// `Link: <…>; rel="next"` header (RFC 8288 §3). A cursor is opaque to clients: base64url of a
// small JSON object (the keyset position of the last item) that the list decodes with its own
// schema — a cursor that is not one of ours is a 422 on `cursor`, never a 500.
import { z } from "zod";
import { ApiProblem } from "./problem";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The `limit` query parameter. */
export const limitSchema = z.coerce
  .number({ message: "limit must be a whole number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .max(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}`)
  .default(DEFAULT_PAGE_SIZE)
  .meta({ description: `Page size (1–${MAX_PAGE_SIZE})`, example: 50 });

/** The `cursor` query parameter: a previous page's next_cursor. */
export const cursorSchema = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[A-Za-z0-9_-]+$/, "cursor must be a next_cursor returned by this API")
  .optional()
  .meta({ description: "The next_cursor of the previous page" });

/** The page envelope around `item`. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      next_cursor: z.string().nullable().meta({ description: "Pass as ?cursor= for the next page; null on the last page" }),
    })
    .meta({ id });
}

export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const r = schema.safeParse(value);
  if (!r.success) throw invalidCursor();
  return r.data;
}

export function invalidCursor(): ApiProblem {
  return new ApiProblem("validation-failed", "The cursor is not valid for this list.", {
    errors: [{ parameter: "cursor", detail: "Pass a next_cursor returned by this list, with the same filters" }],
  });
}

/** RFC 8288 Link header for the next page, or nothing on the last page. */
export function nextPageHeaders(nextUrl: string | null): Record<string, string> {
  return nextUrl ? { Link: `<${nextUrl}>; rel="next"` } : {};
}
