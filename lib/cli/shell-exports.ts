// `keyport … --format env`: variables as one POSIX shell `export` line, so that
//   eval "$(npm run -s keyport -- apps create … --format env)"
// sets them in the caller's shell. Every value is single-quoted, so whatever it holds (spaces,
// `$`, backquotes, quotes, newlines) reaches the variable as is and nothing in it is executed.

const NAME = /^[A-Z_][A-Z0-9_]*$/;

/** One value as a single-quoted shell word: ' inside it becomes '\'' (POSIX 2.2.2). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `export A='…' B='…'` for the given variables, in insertion order. */
export function shellExports(vars: Readonly<Record<string, string>>): string {
  const entries = Object.entries(vars);
  if (entries.length === 0) throw new Error("shellExports: no variables");
  for (const [name] of entries) if (!NAME.test(name)) throw new Error(`shellExports: not a shell variable name: ${name}`);
  return `export ${entries.map(([name, value]) => `${name}=${shellQuote(value)}`).join(" ")}`;
}
