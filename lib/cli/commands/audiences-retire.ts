// keyport audiences retire IDENTIFIER [--grants N] — new registrations can no longer request it;
// applications that may request it keep it (confirmed by their count, as in the console).
import { retireAudience } from "../../audiences/retire-audience";
import { listAudienceGrants } from "../../audiences/list-audience-grants";
import { CliUsageError, type CliCommand } from "./cli-command";
import { confirmedGrants, unconfirmed } from "./catalog-retire";

export const audiencesRetire: CliCommand = {
  key: "audiences retire",
  section: "Audiences",
  usage: `  audiences retire IDENTIFIER [--grants N]
                                   no new requests for it (not the default); N confirms the apps holding it`,
  options: { grants: { type: "string" } },
  async run({ rt, actor, positionals, values }) {
    const [identifier, extra] = positionals;
    if (!identifier) throw new CliUsageError("IDENTIFIER is required");
    if (extra !== undefined) throw new CliUsageError(`unexpected argument: ${extra}`);
    const confirmed = confirmedGrants(values);
    if (confirmed === null) {
      const grants = await listAudienceGrants(rt.prisma, identifier, 20);
      if (grants.total > 0) throw unconfirmed(`Audience ${identifier}`, `keyport audiences retire ${identifier}`, grants);
    }
    const { grantCount } = await retireAudience(rt.prisma, identifier, confirmed ?? 0, actor);
    return {
      json: { identifier, retired: true, grant_count: grantCount },
      text: `Audience ${identifier} retired: it can no longer be requested; ${grantCount} application(s) keep it.`,
    };
  },
};
