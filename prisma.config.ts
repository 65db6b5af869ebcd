// Prisma CLI configuration (Prisma 6.19, JS engine: no binary engines are downloaded).
// The CLI needs a DATABASE_URL value even when none is configured; with none, the adapter is an
// in-memory PGlite, enough for `prisma generate` and `prisma migrate diff`.
import path from "node:path";
import { defineConfig } from "prisma/config";

const configuredUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL ??= "postgresql://embedded.invalid/keyport";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    if (configuredUrl) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: configuredUrl });
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    return new PrismaPGlite(new PGlite());
  },
});
