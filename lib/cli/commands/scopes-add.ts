// keyport scopes add NAME --description D [--requires-approval]
import { createScope } from "../../scopes/create-scope";
import { CliUsageError, requiredOption, type CliCommand } from "./cli-command";

export const scopesAdd: CliCommand = {
  key: "scopes add",
  section: "Scopes",
  usage: `  scopes add NAME --description D [--requires-approval]
                                   a new scope owners can request (with approval: apps wait for an admin)`,
  options: { "requires-approval": { type: "boolean" } },
  async run({ rt, actor, positionals, values }) {
    const [name, extra] = positionals;
    if (!name) throw new CliUsageError("NAME is required");
    if (extra !== undefined) throw new CliUsageError(`unexpected argument: ${extra}`);
    const scope = await createScope(rt.prisma, { name, description: requiredOption(values, "description"), requiresApproval: values["requires-approval"] === true }, actor);
    return {
      json: { name: scope.name, description: scope.description, requires_approval: scope.requiresApproval, created_at: scope.createdAt.toISOString() },
      text: `Scope ${scope.name} added${scope.requiresApproval ? " (needs an admin's approval)" : ""}.`,
    };
  },
};
