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

-- AddForeignKey
ALTER TABLE "SecretReminder" ADD CONSTRAINT "SecretReminder_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "ClientSecret"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefreshTokenFamily" ADD CONSTRAINT "RefreshTokenFamily_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TokenRequestLog" ADD CONSTRAINT "TokenRequestLog_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

