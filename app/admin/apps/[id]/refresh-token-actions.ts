"use server";
// Admin: refresh tokens for one application (opt-in; RFC 6749 §4.4.3 says SHOULD NOT). One call
// to updateApp (lib/apps/update-app.ts): the same validation and audit trail as
// `keyport apps update --refresh-tokens on|off --refresh-token-ttl D`.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAdminAction, text } from "../../_lib/admin-action";
import type { FormState } from "@/app/_lib/form-state";
import { AppError, parseInput } from "@/lib/errors/app-error";
import { parseDuration } from "@/lib/config/duration";
import { updateApp } from "@/lib/apps/update-app";
import { describeDuration } from "@/lib/secrets/secret-lifetime";

const idSchema = z.string().trim().min(1).max(100);

export async function setRefreshTokensAction(rawAppId: string, _prev: FormState, form: FormData): Promise<FormState> {
  return runAdminAction("admin set refresh tokens", async ({ prisma, actor }) => {
    const appId = parseInput(idSchema, rawAppId);
    const on = text(form, "refreshTokens") === "on";
    const lifetime = parseDuration(text(form, "refreshTokenLifetime"));
    if (lifetime === null) {
      throw new AppError("invalid_input", "Enter a lifetime like 24h or 30d", { refreshTokenLifetime: ["Enter a lifetime like 24h, 7d or 30d (5 minutes to 90 days)"] });
    }
    const { app, changes } = await updateApp(prisma, { id: appId }, { refreshTokens: on, refreshTokenLifetime: lifetime }, actor);
    revalidatePath(`/admin/apps/${app.id}`);
    const state = app.refreshTokens
      ? `${app.name} gets a refresh token with every token response; each lives ${describeDuration(app.refreshTokenLifetime)} and works once.`
      : `${app.name} gets no refresh tokens; those already issued are refused.`;
    return { ok: true, message: changes.length ? state : `No change. ${state}` };
  });
}
