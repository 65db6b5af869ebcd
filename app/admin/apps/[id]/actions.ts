"use server";
// Admin actions on one application. Each checks requireAdmin() itself (runAdminAction), so a
// POST replayed by a non-admin gets a 404 like the page does.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAdminAction, text, type AdminContext } from "../../_lib/admin-action";
import type { FormState } from "@/app/_lib/form-state";
import { publicOrigin } from "@/lib/config/public-origin";
import { getConfig } from "@/lib/config/env";
import { AppError, parseInput } from "@/lib/errors/app-error";
import { GRACE_PERIODS, type GracePeriod } from "@/lib/apps/app-schemas";
import type { StatusAction } from "@/lib/apps/change-app-status";
import { changeAppStatusAndNotify } from "@/lib/admin/change-app-status-and-notify";
import { rotateSecretForOwner } from "@/lib/admin/rotate-secret-for-owner";
import { revokeClientSecret } from "@/lib/secrets/revoke-client-secret";
import { setSecretExpiryPolicy } from "@/lib/secrets/set-secret-expiry-policy";
import { describeDuration, describeSecretPolicy, parseSecretTtlPolicy } from "@/lib/secrets/secret-lifetime";
import { updateApp } from "@/lib/apps/update-app";
import { moveAppToTeam } from "@/lib/teams/move-app-to-team";
import { teamIdSchema } from "@/lib/teams/team-schemas";

const idSchema = z.string().trim().min(1).max(100);
const reasonSchema = z.string().trim().max(500, "At most 500 characters");
const statusActionSchema = z.enum(["approve", "deny", "disable", "enable"]);
const graceSchema = z.enum(Object.keys(GRACE_PERIODS) as [GracePeriod, ...GracePeriod[]], { message: "Choose a grace period" });

const PAST: Record<StatusAction, string> = { approve: "approved", deny: "denied", disable: "disabled", enable: "enabled" };

function refresh(appId: string) {
  revalidatePath(`/admin/apps/${appId}`);
  revalidatePath("/admin/apps");
  revalidatePath("/admin/approvals");
  revalidatePath("/admin");
}

async function applyStatusChange(ctx: AdminContext, rawAppId: string, rawAction: StatusAction, form: FormData) {
  const appId = parseInput(idSchema, rawAppId);
  const action = parseInput(statusActionSchema, rawAction);
  const reason = parseInput(reasonSchema, text(form, "reason"));
  if (action === "deny" && !reason) {
    throw new AppError("invalid_input", "Tell the owner why", { reason: ["A reason is required when denying an application"] });
  }
  const result = await changeAppStatusAndNotify(ctx.prisma, appId, action, ctx.actor, { reason, baseUrl: publicOrigin(getConfig()) });
  refresh(result.app.id);
  return { ...result, action };
}

export async function changeStatusAction(rawAppId: string, rawAction: StatusAction, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin change app status", async (ctx) => {
    const result = await applyStatusChange(ctx, rawAppId, rawAction, form);
    return {
      ok: true,
      message: result.changed
        ? `${result.app.name} is ${PAST[result.action]}. The team's admins and developers have been emailed.`
        : `${result.app.name} was already ${result.app.status}.`,
    };
  });
}

/**
 * Approve or deny from the approvals queue. The reviewed app leaves the queue (and with it the
 * form that would show the outcome), so the outcome travels to the queue page in its URL.
 */
export async function reviewPendingAction(rawAppId: string, rawAction: "approve" | "deny", _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin review pending app", async (ctx) => {
    const result = await applyStatusChange(ctx, rawAppId, rawAction, form);
    redirect(`/admin/approvals?reviewed=${encodeURIComponent(result.app.id)}&outcome=${result.action}`);
  });
}

export async function rotateSecretAction(rawAppId: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin rotate secret", async ({ prisma, actor }) => {
    const appId = parseInput(idSchema, rawAppId);
    const grace = parseInput(z.object({ grace: graceSchema }), { grace: text(form, "grace") }).grace;
    const r = await rotateSecretForOwner(prisma, appId, grace, actor, { pepper: getConfig().secret, defaultSecretTtl: getConfig().KEYPORT_SECRET_TTL, baseUrl: publicOrigin(getConfig()) });
    refresh(appId);
    const old = r.oldSecretsExpireAt ? `Previous secrets keep working until ${r.oldSecretsExpireAt.toISOString().replace("T", " ").slice(0, 16)} UTC.` : "Previous secrets stopped working now.";
    return { ok: true, message: `New secret …${r.hint} issued and emailed to the team's admins and developers (${r.recipients.join(", ")}); it is not shown here. ${old}` };
  });
}

export async function revokeSecretAction(rawAppId: string, rawSecretId: string, _prev: FormState, _form: FormData): Promise<FormState> {
  return runAdminAction("admin revoke secret", async ({ prisma, actor }) => {
    const appId = parseInput(idSchema, rawAppId);
    const secretId = parseInput(idSchema, rawSecretId);
    await revokeClientSecret(prisma, { id: appId }, secretId, actor);
    refresh(appId);
    return { ok: true, message: "Secret revoked. Clients using it can no longer get tokens." };
  });
}

export async function setSecretPolicyAction(rawAppId: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin set secret policy", async ({ prisma, actor }) => {
    const appId = parseInput(idSchema, rawAppId);
    // "" → the deployment default (KEYPORT_SECRET_TTL), "none" → never, "72h" / "90d" → that long.
    const ttl = parseSecretTtlPolicy(text(form, "ttl"));
    if (ttl === undefined) {
      throw new AppError("invalid_input", "Enter a duration like 72h or 90d", { ttl: ["Enter a duration like 72h or 90d, none for no expiry, or leave empty for the deployment default"] });
    }
    const r = await setSecretExpiryPolicy(prisma, { id: appId }, ttl, actor);
    refresh(appId);
    return { ok: true, message: `${describeSecretPolicy(r.secretTtlSeconds, getConfig().KEYPORT_SECRET_TTL)} Existing secrets keep their expiry.` };
  });
}

export async function setTokenLifetimeAction(rawAppId: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin set token lifetime", async ({ prisma, actor }) => {
    const appId = parseInput(idSchema, rawAppId);
    const raw = text(form, "tokenLifetime").trim();
    const seconds = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    const { app, changes } = await updateApp(prisma, { id: appId }, { tokenLifetime: seconds }, actor);
    refresh(appId);
    return {
      ok: true,
      message: changes.length
        ? `Access tokens of ${app.name} now live ${describeDuration(app.tokenLifetime)}, from the next token on.`
        : `Access tokens of ${app.name} already live ${describeDuration(app.tokenLifetime)}.`,
    };
  });
}

/** Move the application to another team (audited): its members get access and its mail from now on. */
export async function moveTeamAction(rawAppId: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin move app to team", async ({ prisma, actor }) => {
    const appId = parseInput(idSchema, rawAppId);
    const team = parseInput(z.object({ team: teamIdSchema }), { team: text(form, "team") }).team;
    const r = await moveAppToTeam(prisma, { id: appId }, team, actor);
    refresh(appId);
    revalidatePath(`/admin/teams/${r.from.id}`);
    revalidatePath(`/admin/teams/${r.to.id}`);
    return { ok: true, message: r.changed ? `Moved from ${r.from.slug} to ${r.to.slug}.` : `Already in ${r.to.slug}.` };
  });
}
