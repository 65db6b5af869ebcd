-- CreateEnum
CREATE TYPE "SecretHash" AS ENUM ('hmac', 'scrypt');

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "importedAt" TIMESTAMP(3),
ADD COLUMN     "refreshTokenLifetime" INTEGER NOT NULL DEFAULT 86400,
ADD COLUMN     "refreshTokens" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ClientSecret" ADD COLUMN     "hashKind" "SecretHash" NOT NULL DEFAULT 'hmac';

-- CreateTable
CREATE TABLE "SecretReminder" (
    "secretId" TEXT NOT NULL,
    "offsetSeconds" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'sent',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecretReminder_pkey" PRIMARY KEY ("secretId","offsetSeconds")
);

-- CreateTable
CREATE TABLE "RefreshTokenFamily" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RefreshTokenFamily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefreshTokenUse" (
    "digest" TEXT NOT NULL,
    "familyId" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RefreshTokenUse_pkey" PRIMARY KEY ("digest")
);

-- CreateTable
CREATE TABLE "TokenRequestLog" (
    "id" BIGSERIAL NOT NULL,
    "applicationId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "ip" TEXT,
    "authMethod" TEXT,
    "scope" TEXT,
    "profile" TEXT,
    "grantType" TEXT,

    CONSTRAINT "TokenRequestLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiIdempotency" (
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiIdempotency_pkey" PRIMARY KEY ("principal","key")
);

-- CreateIndex
CREATE INDEX "RefreshTokenFamily_applicationId_idx" ON "RefreshTokenFamily"("applicationId");

-- CreateIndex
CREATE INDEX "RefreshTokenFamily_expiresAt_idx" ON "RefreshTokenFamily"("expiresAt");

-- CreateIndex
CREATE INDEX "RefreshTokenUse_familyId_idx" ON "RefreshTokenUse"("familyId");

-- CreateIndex
CREATE INDEX "RefreshTokenUse_expiresAt_idx" ON "RefreshTokenUse"("expiresAt");

-- CreateIndex
CREATE INDEX "TokenRequestLog_applicationId_at_idx" ON "TokenRequestLog"("applicationId", "at");

-- CreateIndex
CREATE INDEX "TokenRequestLog_at_idx" ON "TokenRequestLog"("at");

-- CreateIndex
CREATE INDEX "ApiIdempotency_createdAt_idx" ON "ApiIdempotency"("createdAt");

-- AddForeignKey
ALTER TABLE "SecretReminder" ADD CONSTRAINT "SecretReminder_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "ClientSecret"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefreshTokenFamily" ADD CONSTRAINT "RefreshTokenFamily_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TokenRequestLog" ADD CONSTRAINT "TokenRequestLog_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: cache invalidation. The client cache now holds the refresh-token settings too.
DROP TRIGGER "Application_notify" ON "Application";
CREATE TRIGGER "Application_notify" AFTER INSERT OR DELETE OR UPDATE OF "clientId", "status", "scopes", "audiences", "grantTypes", "tokenLifetime", "ownerId", "authMethod", "jwksUri", "requireDpop", "refreshTokens", "refreshTokenLifetime" ON "Application"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_cache();

-- Hand-written: the automation API's catalog entries (lib/api). Its tokens are Keyport's own,
-- issued for the management audience; keyport:admin needs an admin's approval.
INSERT INTO "Audience" ("identifier", "name", "description", "isDefault", "updatedAt") VALUES
  ('urn:keyport:management', 'Keyport automation API', 'The /api/v1 automation API of this Keyport', false, CURRENT_TIMESTAMP)
  ON CONFLICT ("identifier") DO NOTHING;
INSERT INTO "Scope" ("name", "description", "requiresApproval", "updatedAt") VALUES
  ('keyport:apps:read', 'Automation API: read your team''s applications, usage and request log', false, CURRENT_TIMESTAMP),
  ('keyport:apps:write', 'Automation API: register, update, disable and delete your team''s applications; rotate and revoke secrets; manage keys', false, CURRENT_TIMESTAMP),
  ('keyport:teams:write', 'Automation API: manage your team''s members and invitations', false, CURRENT_TIMESTAMP),
  ('keyport:admin', 'Automation API: admin operations (approvals, catalogs, signing keys, audit log)', true, CURRENT_TIMESTAMP)
  ON CONFLICT ("name") DO NOTHING;
