// node --import tsx scripts/seed-apps.ts --count N --out FILE [--scopes "a b"]
// Seeds N active applications into the configured database (DATABASE_URL / KEYPORT_SECRET, as the
// server reads them; migrations are applied first) through lib/apps/seed-apps.ts, and writes one
// `Basic` credential per line to FILE (base64 of "client_id:client_secret", RFC 6749 §2.3.1) for
// the load generator (scripts/bench/token-load-many.lua). Used by `npm run bench -- --apps N`.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { getConfig } from "../lib/config/env";
import { openDatabase } from "../lib/db/database";
import { migrate } from "../lib/db/migrate";
import { seedDefaultAudience } from "../lib/catalog/seed-default-audience";
import { seedApps } from "../lib/apps/seed-apps";
import { cliActor } from "../lib/audit/actor";

const { values } = parseArgs({
  options: {
    count: { type: "string" },
    out: { type: "string" },
    append: { type: "boolean", default: false },
    scopes: { type: "string", default: "application.client" },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || !values.out) {
  console.error("usage: seed-apps.ts --count N --out FILE [--append] [--scopes 'a b']");
  process.exit(2);
}

const config = getConfig();
const db = await openDatabase(config);
try {
  await migrate(db);
  await seedDefaultAudience(db.prisma, config.KEYPORT_DEFAULT_AUDIENCE);
  const started = Date.now();
  const creds = await seedApps(
    db.prisma,
    { count, pepper: config.secret, ownerEmail: "bench@example.test", scopes: values.scopes!.split(/\s+/).filter(Boolean), namePrefix: "bench" },
    cliActor(),
  );
  // Fresh planner statistics, as autovacuum would gather them in time: warm-up pages by id.
  await db.exec('ANALYZE "Application"; ANALYZE "ClientSecret"');
  // Ids and secrets are base64url with a prefix: form-urlencoding leaves them as they are.
  const lines = creds.map((c) => Buffer.from(`${c.clientId}:${c.clientSecret}`).toString("base64")).join("\n") + "\n";
  if (values.append) fs.appendFileSync(values.out, lines);
  else fs.writeFileSync(values.out, lines);
  console.log(JSON.stringify({ seeded: count, ms: Date.now() - started, out: values.out }));
} finally {
  await db.close();
}
