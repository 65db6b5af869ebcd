// keyport audiences add IDENTIFIER --name N [--description D] — an API (RFC 8707 resource) tokens
// can be issued for.
import { createAudience } from "../../audiences/create-audience";
import { CliUsageError, optionalOption, requiredOption, type CliCommand } from "./cli-command";

export const audiencesAdd: CliCommand = {
  key: "audiences add",
  section: "Audiences",
  usage: `  audiences add IDENTIFIER --name N [--description D]
                                   a new API: IDENTIFIER is an absolute URI (https://api.example.com, urn:…)`,
  async run({ rt, actor, positionals, values }) {
    const [identifier, extra] = positionals;
    if (!identifier) throw new CliUsageError("IDENTIFIER is required");
    if (extra !== undefined) throw new CliUsageError(`unexpected argument: ${extra}`);
    const a = await createAudience(rt.prisma, { identifier, name: requiredOption(values, "name"), description: optionalOption(values, "description") ?? "" }, actor);
    return {
      json: { identifier: a.identifier, name: a.name, description: a.description, is_default: a.isDefault, created_at: a.createdAt.toISOString() },
      text: `Audience ${a.identifier} (${a.name}) added.`,
    };
  },
};
