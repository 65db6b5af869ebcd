// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships ~15 MB of wasm: keep it (and the other Node-only drivers) out of the bundle,
  // and so out of .next/static.
  // swagger-ui-dist: the API reference's files are read from the installed package at run time
  // (lib/api/reference-assets.ts), which its resolver finds only when it is not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "nodemailer", "prom-client", "swagger-ui-dist"],
  // Tests build into their own folder so parallel builds never share one.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Type checking is its own step (`npm run typecheck`, part of `npm test` and CI); the build does
  // not repeat it.
  typescript: { ignoreBuildErrors: true },
};
export default nextConfig;
