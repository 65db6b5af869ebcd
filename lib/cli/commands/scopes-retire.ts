// keyport scopes retire NAME [--grants N] — new registrations can no longer request it; the
// applications holding it keep it (the admin confirms their count, as in the console).
import { retireScope } from "../../scopes/retire-scope";
import { listScopeGrants } from "../../scopes/list-scope-grants";
import { scopeNameSchema } from "../../apps/app-schemas";
import { parseInput } from "../../errors/app-error";
import { CliUsageError, type CliCommand } from "./cli-command";
import { confirmedGrants, unconfirmed } from "./catalog-retire";

export const scopesRetire: CliCommand = {
  key: "scopes retire",
  section: "Scopes",
  usage: `  scopes retire NAME [--grants N]  no new requests for it; N (the apps holding it) confirms, when any do`,
  options: { grants: { type: "string" } },
  async run({ rt, actor, positionals, values }) {
    const [raw, extra] = positionals;
    if (!raw) throw new CliUsageError("NAME is required");
    if (extra !== undefined) throw new CliUsageError(`unexpected argument: ${extra}`);
    const name = parseInput(scopeNameSchema, raw);
    const confirmed = confirmedGrants(values);
    if (confirmed === null) {
      const grants = await listScopeGrants(rt.prisma, name, 20);
      if (grants.total > 0) throw unconfirmed(`Scope ${name}`, `keyport scopes retire ${name}`, grants);
    }
    const { grantCount } = await retireScope(rt.prisma, name, confirmed ?? 0, actor);
    return {
      json: { name, retired: true, grant_count: grantCount },
      text: `Scope ${name} retired: it can no longer be requested; ${grantCount} application(s) keep it.`,
    };
  },
};
