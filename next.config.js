// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships ~15 MB of wasm: keep it (and the other Node-only drivers) out of the bundle,
  // and so out of .next/static.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "nodemailer", "prom-client"],
  // Tests build into their own folder so parallel builds never share one.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Type checking is its own step (`npm run typecheck`, part of `npm test` and CI); the build does
  // not repeat it.
  typescript: { ignoreBuildErrors: true },
};
export default nextConfig;
