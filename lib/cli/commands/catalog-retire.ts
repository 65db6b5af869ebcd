// What `scopes retire` and `audiences retire` share: the admin console shows the applications that
// hold a scope or audience before it is retired and sends the count it showed; the CLI does the
// same with --grants N, and without it lists the holders instead of retiring.
import type { GrantList } from "../../apps/list-apps-holding";
import { AppError } from "../../errors/app-error";
import { CliUsageError, optionalOption, type CliValues } from "./cli-command";
import { table } from "./cli-table";

/** --grants N as a count, or null when absent. */
export function confirmedGrants(values: CliValues): number | null {
  const v = optionalOption(values, "grants");
  if (v === undefined) return null;
  if (!/^\d{1,9}$/.test(v)) throw new CliUsageError("--grants takes the number of applications holding it (a whole number)");
  return Number(v);
}

/** The refusal when the holders were not confirmed: who holds it, and how to go on. */
export function unconfirmed(what: string, command: string, grants: GrantList): AppError {
  const rows = [["CLIENT_ID", "NAME", "STATUS", "OWNER"]];
  for (const a of grants.apps.slice(0, 20)) rows.push([a.clientId, a.name, a.status, a.ownerEmail]);
  const more = grants.total > 20 ? `\n… and ${grants.total - 20} more` : "";
  return new AppError(
    "conflict",
    `${what} is granted to ${grants.total} application(s); they keep it, new registrations cannot request it.\n${table(rows)}${more}\n` +
      `Confirm with: ${command} --grants ${grants.total}`,
  );
}
