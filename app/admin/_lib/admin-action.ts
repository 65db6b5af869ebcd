// The frame of every admin server action: authorise first (a non-admin gets the same 404 as for
// the pages, before any input is read), build the audit actor from this request, run the one
// domain call, and turn failures into readable form state.
import "server-only";
import { requireAdmin, actorFromRequest, type SessionUser } from "@/app/_lib/session";
import { formError, type FormState } from "@/app/_lib/form-state";
import type { Actor } from "@/lib/audit/actor";
import { getPrisma } from "@/lib/runtime";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export interface AdminContext {
  user: SessionUser;
  actor: Actor;
  prisma: PrismaClient;
}

export async function runAdminAction(context: string, fn: (ctx: AdminContext) => Promise<FormState>): Promise<FormState> {
  const user = await requireAdmin();
  const actor = await actorFromRequest(user, "admin");
  try {
    return await fn({ user, actor, prisma: await getPrisma() });
  } catch (err) {
    return formError(err, context);
  }
}

/** A FormData field as a string ("" when absent or a file). */
export function text(form: FormData, name: string): string {
  // A hand-crafted action call can pass anything as the form: treat it as empty.
  if (!(form instanceof FormData)) return "";
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
