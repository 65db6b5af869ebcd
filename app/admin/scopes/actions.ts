"use server";
// Scope catalog actions; each checks requireAdmin() itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAdminAction, text } from "../_lib/admin-action";
import type { FormState } from "@/app/_lib/form-state";
import { parseInput } from "@/lib/errors/app-error";
import { createScope } from "@/lib/scopes/create-scope";
import { updateScope } from "@/lib/scopes/update-scope";
import { retireScope, restoreScope } from "@/lib/scopes/retire-scope";

function refresh() {
  revalidatePath("/admin/scopes");
  revalidatePath("/apps/new");
}

export async function createScopeAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin create scope", async ({ prisma, actor }) => {
    const scope = await createScope(
      prisma,
      { name: text(form, "name"), description: text(form, "description"), requiresApproval: text(form, "requiresApproval") === "on" },
      actor,
    );
    refresh();
    return { ok: true, message: `Scope ${scope.name} created${scope.requiresApproval ? " (needs approval)" : ""}. Owners can request it now.` };
  });
}

export async function updateScopeAction(name: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin update scope", async ({ prisma, actor }) => {
    const scope = await updateScope(prisma, { name, description: text(form, "description"), requiresApproval: text(form, "requiresApproval") === "on" }, actor);
    refresh();
    return { ok: true, message: `Scope ${scope.name} saved.` };
  });
}

export async function retireScopeAction(name: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin retire scope", async ({ prisma, actor }) => {
    const confirmed = parseInput(z.coerce.number().int().min(0), text(form, "grantCount"));
    const { grantCount } = await retireScope(prisma, name, confirmed, actor);
    refresh();
    return { ok: true, message: `Scope ${name} retired. It can no longer be requested; ${grantCount} existing grant(s) remain listed.` };
  });
}

export async function restoreScopeAction(name: string, _prev: FormState, _form: FormData): Promise<FormState> {
  return runAdminAction("admin restore scope", async ({ prisma, actor }) => {
    await restoreScope(prisma, name, actor);
    refresh();
    return { ok: true, message: `Scope ${name} can be requested again.` };
  });
}
