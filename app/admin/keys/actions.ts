"use server";
import { revalidatePath } from "next/cache";
import { runAdminAction } from "../_lib/admin-action";
import type { FormState } from "@/app/_lib/form-state";
import { getConfig } from "@/lib/config/env";
import { rotateSigningKey } from "@/lib/keys/rotate-signing-key";

// Rotate the token signing key. Checks requireAdmin() itself. Every instance's key cache is
// invalidated by the database trigger on SigningKey.
export async function rotateSigningKeyAction(_prev: FormState, _form: FormData): Promise<FormState> {
  return runAdminAction("admin rotate signing key", async ({ prisma, actor }) => {
    const config = getConfig();
    const r = await rotateSigningKey(prisma, config.secret, config.KEYPORT_SIGNING_ALG, actor, config.KEYPORT_TOKEN_TTL);
    revalidatePath("/admin/keys");
    return { ok: true, message: `New ${r.alg} key ${r.kid} is signing tokens. ${r.retired.length ? `Retired: ${r.retired.join(", ")}.` : ""}` };
  });
}
