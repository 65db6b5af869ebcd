-- CreateEnum
CREATE TYPE "ClientAuthMethod" AS ENUM ('client_secret', 'private_key_jwt');

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "authMethod" "ClientAuthMethod" NOT NULL DEFAULT 'client_secret',
ADD COLUMN     "jwksUri" TEXT,
ADD COLUMN     "requireDpop" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ClientKey" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "thumbprint" TEXT NOT NULL,
    "kid" TEXT,
    "alg" TEXT,
    "jwk" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClientKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedJti" (
    "key" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsedJti_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ClientKey_applicationId_idx" ON "ClientKey"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "ClientKey_applicationId_thumbprint_key" ON "ClientKey"("applicationId", "thumbprint");

-- CreateIndex
CREATE INDEX "UsedJti_expiresAt_idx" ON "UsedJti"("expiresAt");

-- AddForeignKey
ALTER TABLE "ClientKey" ADD CONSTRAINT "ClientKey_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: cache invalidation. The client cache holds the auth method, jwks_uri, the DPoP
-- requirement, grant types and the inline keys: a change to any of them must reach every
-- instance (grantTypes was missing from the trigger's columns before).
DROP TRIGGER "Application_notify" ON "Application";
CREATE TRIGGER "Application_notify" AFTER INSERT OR DELETE OR UPDATE OF "clientId", "status", "scopes", "audiences", "grantTypes", "tokenLifetime", "ownerId", "authMethod", "jwksUri", "requireDpop" ON "Application"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_cache();

CREATE OR REPLACE FUNCTION keyport_notify_cache() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data RECORD;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('keyport_cache', lower(TG_TABLE_NAME) || ':*');
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF TG_TABLE_NAME = 'Application' THEN
    PERFORM pg_notify('keyport_cache', 'client:' || row_data."clientId");
  ELSIF TG_TABLE_NAME = 'ClientSecret' OR TG_TABLE_NAME = 'ClientKey' THEN
    PERFORM pg_notify('keyport_cache', 'app:' || row_data."applicationId");
  ELSIF TG_TABLE_NAME = 'RevokedToken' THEN
    PERFORM pg_notify('keyport_cache', 'jti:' || row_data."jti");
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "ClientKey_notify" AFTER INSERT OR UPDATE OR DELETE ON "ClientKey"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_cache();
