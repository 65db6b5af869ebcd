// The shape every form action returns to its useActionState hook.
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { toAppError } from "@/lib/errors/app-error";
import { log, errorFields } from "@/lib/log";

export interface FormState {
  ok?: boolean;
  /** A message for the whole form. */
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** The HTTP status the error stands for (AppError: 403 a role too weak, 404 not found, …). */
  status?: number;
}

/**
 * Turn a thrown error into form state: AppError/zod → its message and field errors; anything
 * unknown is logged and replaced by a generic message (never a stack trace or internal detail).
 * Next's redirect/notFound control-flow errors are re-thrown.
 */
export function formError(err: unknown, context: string): FormState {
  unstable_rethrow(err);
  const appError = toAppError(err);
  if (appError) return { ok: false, message: appError.message, fieldErrors: appError.fieldErrors, status: appError.status };
  log.error(`${context} failed`, errorFields(err));
  return { ok: false, message: "Something went wrong on our side. Please try again." };
}
