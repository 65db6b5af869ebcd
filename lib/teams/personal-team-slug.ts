// The slug of a user's personal team, derived from the address: its local part, lower-cased, each
// run of other characters as one dash, at most 32 characters, "user" when nothing is left. The
// teams migration (prisma/migrations/*_teams) applies the same rule to existing users; a slug
// already taken gets -2, -3, … (lib/teams/ensure-personal-team.ts).
const MAX_BASE = 32;

export function personalTeamSlugBase(email: string): string {
  const local = email.split("@")[0] ?? "";
  const base = local
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_BASE)
    .replace(/^-+|-+$/g, "");
  return base || "user";
}

/** The first of base, base-2, base-3, … not in `taken`. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
