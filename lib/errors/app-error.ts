// Portal / admin / CLI errors: one class with a code→status table. OAuth endpoints have their own
// (lib/oauth/errors.ts) because their wire format is fixed by RFC 6749 §5.2.
import { z } from "zod";

export const APP_ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
} as const;
export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Per-field messages, shown next to the field in forms. */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function notFound(what = "Not found"): AppError {
  return new AppError("not_found", what);
}

/** Map anything thrown to an AppError; unknown errors become null (caller logs, shows a generic message). */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of err.issues) {
      const key = issue.path.join(".") || "_";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return new AppError("invalid_input", "Please correct the highlighted fields.", fieldErrors);
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "P2002") return new AppError("conflict", "That already exists.");
  if (code === "P2025") return new AppError("not_found", "Not found");
  return null;
}

/** Parse with zod, throwing an AppError with field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw toAppError(r.error)!;
  return r.data;
}
