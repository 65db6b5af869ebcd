// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships ~15 MB of wasm: keep it out of the bundle (and out of .next/static).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
};
export default nextConfig;
