// npm run migration:new -- <name>
// Writes prisma/migrations/<utc timestamp>_<name>/migration.sql with the SQL that takes the last
// committed prisma/schema.prisma (git HEAD) to the working copy. No database is needed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <snake_case_name>");
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kp-mig-"));
const previous = path.join(tmp, "previous.prisma");
try {
  fs.writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" }));
} catch {
  console.error("cannot read prisma/schema.prisma at HEAD (is this a git checkout with a commit?)");
  process.exit(1);
}
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
)
  .split("\n")
  .filter((l) => !l.startsWith("Loaded Prisma config"))
  .join("\n");
fs.rmSync(tmp, { recursive: true, force: true });
if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
  console.error("prisma/schema.prisma has no changes since HEAD: nothing to migrate.");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql — review it, then run \`npx prisma generate\`.`);
