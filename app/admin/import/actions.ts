"use server";
// The admin console's import (lib/import/import-apps.ts, the same function as `keyport apps
// import`): "preview" is the dry run, "import" the real one. Checks requireAdmin() itself.
import { revalidatePath } from "next/cache";
import { requireAdmin, actorFromRequest } from "@/app/_lib/session";
import { formError } from "@/app/_lib/form-state";
import { getRuntime } from "@/lib/runtime";
import { getMailer } from "@/lib/mail";
import { publicOrigin } from "@/lib/config/public-origin";
import { importApps } from "@/lib/import/import-apps";
import { MAX_CONSOLE_IMPORT_BYTES, SHOWN_ISSUES, SHOWN_ROWS, type ImportState } from "./import-state";

export async function importAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const user = await requireAdmin();
  const actor = await actorFromRequest(user, "admin");
  try {
    const intent = form instanceof FormData ? form.get("intent") : null;
    const records = form instanceof FormData ? form.get("records") : null;
    if (intent !== "preview" && intent !== "import") return { ok: false, message: "Choose Preview or Import." };
    if (typeof records !== "string" || records.trim() === "") return { ok: false, message: "Paste the records or choose a file first." };
    if (Buffer.byteLength(records, "utf8") > MAX_CONSOLE_IMPORT_BYTES) {
      return { ok: false, message: `That is more than the console takes (${Math.round(MAX_CONSOLE_IMPORT_BYTES / 1024)} KiB); import the file with keyport apps import FILE.` };
    }
    const rt = await getRuntime();
    const notify = intent === "import" && form.get("notify") === "on";
    const r = await importApps(rt.prisma, records, actor, {
      pepper: rt.config.secret,
      defaultTokenLifetime: rt.config.KEYPORT_TOKEN_TTL,
      defaultSecretTtl: rt.config.KEYPORT_SECRET_TTL ?? null,
      dryRun: intent === "preview",
      notify: notify ? { mailer: await getMailer(), baseUrl: publicOrigin(rt.config) } : null,
      source: "admin console",
    });
    const names = new Map(r.plan.apps.map((a) => [a.line, a.name]));
    const state: ImportState = {
      mode: intent,
      format: r.format,
      counts: r.plan.counts,
      issues: r.plan.issues.slice(0, SHOWN_ISSUES),
      issueCount: r.plan.issues.length,
      newOwners: r.plan.newOwners.slice(0, SHOWN_ROWS),
      rows: r.plan.apps.slice(0, SHOWN_ROWS).map((a) => ({
        line: a.line,
        name: a.name,
        clientId: a.clientId,
        owner: a.owner,
        ownerIsNew: a.ownerIsNew,
        scopes: a.scopes,
        audiences: a.audiences,
        tokenTtl: a.tokenTtl,
        secret: a.secret,
      })),
      ms: r.ms,
    };
    if (r.plan.issues.length) {
      return { ...state, ok: false, message: `${r.plan.issues.length} problem(s) in ${r.plan.counts.records} record(s): nothing ${intent === "import" ? "was" : "would be"} imported. Fix them and preview again.` };
    }
    if (intent === "preview") {
      return { ...state, ok: true, message: `Preview: ${r.plan.counts.applications} application(s) would be imported. Nothing has been written yet.` };
    }
    revalidatePath("/admin/apps");
    revalidatePath("/admin");
    return {
      ...state,
      ok: true,
      message: `Imported ${r.imported} application(s); they are active now.${r.mail.queued ? ` ${r.mail.queued} email(s) queued, ${r.mail.sent} delivered.` : ""}`,
      created: r.created.slice(0, SHOWN_ROWS).map((c) => ({ ...c, name: names.get(c.line) ?? "" })),
      credentials: r.credentials,
      mail: r.mail,
    };
  } catch (err) {
    return formError(err, "admin import");
  }
}
