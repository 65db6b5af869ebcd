"use server";
// Audience (API) catalog actions; each checks requireAdmin() itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAdminAction, text } from "../_lib/admin-action";
import type { FormState } from "@/app/_lib/form-state";
import { parseInput } from "@/lib/errors/app-error";
import { createAudience } from "@/lib/audiences/create-audience";
import { updateAudience } from "@/lib/audiences/update-audience";
import { setDefaultAudience } from "@/lib/audiences/set-default-audience";
import { retireAudience, restoreAudience } from "@/lib/audiences/retire-audience";
import { addAudienceIntrospector } from "@/lib/audiences/add-audience-introspector";
import { removeAudienceIntrospector } from "@/lib/audiences/remove-audience-introspector";

const identifierSchema = z.string().trim().min(1).max(500);

function refresh() {
  revalidatePath("/admin/audiences");
  revalidatePath("/apps/new");
}

export async function createAudienceAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin create audience", async ({ prisma, actor }) => {
    const a = await createAudience(prisma, { identifier: text(form, "identifier"), name: text(form, "name"), description: text(form, "description") }, actor);
    refresh();
    return { ok: true, message: `Audience ${a.identifier} created.` };
  });
}

export async function updateAudienceAction(identifier: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin update audience", async ({ prisma, actor }) => {
    await updateAudience(prisma, { identifier: parseInput(identifierSchema, identifier), name: text(form, "name"), description: text(form, "description") }, actor);
    refresh();
    return { ok: true, message: "Audience saved." };
  });
}

export async function setDefaultAudienceAction(identifier: string, _prev: FormState, _form: FormData): Promise<FormState> {
  return runAdminAction("admin set default audience", async ({ prisma, actor }) => {
    await setDefaultAudience(prisma, parseInput(identifierSchema, identifier), actor);
    refresh();
    return { ok: true, message: `${identifier} is now the default audience for new applications.` };
  });
}

export async function retireAudienceAction(identifier: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin retire audience", async ({ prisma, actor }) => {
    const confirmed = parseInput(z.coerce.number().int().min(0), text(form, "grantCount"));
    const { grantCount } = await retireAudience(prisma, parseInput(identifierSchema, identifier), confirmed, actor);
    refresh();
    return { ok: true, message: `Audience retired. It can no longer be requested; ${grantCount} existing grant(s) remain.` };
  });
}

export async function restoreAudienceAction(identifier: string, _prev: FormState, _form: FormData): Promise<FormState> {
  return runAdminAction("admin restore audience", async ({ prisma, actor }) => {
    await restoreAudience(prisma, parseInput(identifierSchema, identifier), actor);
    refresh();
    return { ok: true, message: "Audience can be requested again." };
  });
}

export async function addIntrospectorAction(identifier: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin add introspector", async ({ prisma, actor }) => {
    const r = await addAudienceIntrospector(prisma, { identifier: parseInput(identifierSchema, identifier), clientId: text(form, "clientId") }, actor);
    revalidatePath("/admin/audiences");
    return {
      ok: true,
      message: r.changed ? `${r.name} (${r.clientId}) may now introspect tokens for ${r.audience}.` : `${r.name} (${r.clientId}) already could introspect these tokens.`,
    };
  });
}

export async function removeIntrospectorAction(identifier: string, clientId: string, _prev: FormState, _form: FormData): Promise<FormState> {
  return runAdminAction("admin remove introspector", async ({ prisma, actor }) => {
    const r = await removeAudienceIntrospector(prisma, { identifier: parseInput(identifierSchema, identifier), clientId }, actor);
    revalidatePath("/admin/audiences");
    return { ok: true, message: `${r.name} (${r.clientId}) may no longer introspect tokens for ${r.audience}.` };
  });
}
