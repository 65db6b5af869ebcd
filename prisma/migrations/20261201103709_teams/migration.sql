-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('admin', 'developer', 'viewer');

-- AlterTable (hand-edited: nullable until every application has its team, below)
ALTER TABLE "Application" ADD COLUMN     "teamId" TEXT;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "teamId" TEXT;

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "personalUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "TeamInvitation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "tokenDigest" TEXT NOT NULL,
    "invitedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),

    CONSTRAINT "TeamInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_slug_key" ON "Team"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Team_personalUserId_key" ON "Team"("personalUserId");

-- CreateIndex
CREATE INDEX "Team_createdAt_idx" ON "Team"("createdAt");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE INDEX "TeamMember_teamId_role_idx" ON "TeamMember"("teamId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "TeamInvitation_tokenDigest_key" ON "TeamInvitation"("tokenDigest");

-- CreateIndex
CREATE INDEX "TeamInvitation_teamId_createdAt_idx" ON "TeamInvitation"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "TeamInvitation_email_idx" ON "TeamInvitation"("email");

-- CreateIndex
CREATE INDEX "Application_teamId_createdAt_idx" ON "Application"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_at_idx" ON "AuditEvent"("teamId", "at");

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_personalUserId_fkey" FOREIGN KEY ("personalUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamInvitation" ADD CONSTRAINT "TeamInvitation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamInvitation" ADD CONSTRAINT "TeamInvitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: existing data moves with nothing lost. Every existing user gets a personal team
-- (the same slug rule as lib/teams/personal-team-slug.ts: the address's local part, lower-cased,
-- runs of other characters as one dash, at most 32 characters, "user" if nothing is left; taken
-- slugs get -2, -3, … in the order users were created), is its admin, and each application moves
-- to its owner's personal team. Only then does Application.teamId become NOT NULL.
DO $$
DECLARE
  u RECORD;
  base TEXT;
  candidate TEXT;
  n INTEGER;
  team_id TEXT;
BEGIN
  FOR u IN SELECT id, email, "createdAt" FROM "User" ORDER BY "createdAt", id LOOP
    base := trim(both '-' from left(trim(both '-' from regexp_replace(lower(split_part(u.email, '@', 1)), '[^a-z0-9]+', '-', 'g')), 32));
    IF base = '' THEN base := 'user'; END IF;
    candidate := base;
    n := 1;
    WHILE EXISTS (SELECT 1 FROM "Team" WHERE slug = candidate) LOOP
      n := n + 1;
      candidate := base || '-' || n;
    END LOOP;
    team_id := 'team_' || substr(md5('team:' || u.id), 1, 24);
    INSERT INTO "Team" ("id", "slug", "name", "personalUserId", "createdAt") VALUES (team_id, candidate, u.email, u.id, u."createdAt");
    INSERT INTO "TeamMember" ("teamId", "userId", "role", "createdAt") VALUES (team_id, u.id, 'admin', u."createdAt");
  END LOOP;
END $$;

UPDATE "Application" a SET "teamId" = t.id FROM "Team" t WHERE t."personalUserId" = a."ownerId";
ALTER TABLE "Application" ALTER COLUMN "teamId" SET NOT NULL;

-- Hand-written: cache invalidation. The client cache holds the app's team (id, slug, name) for
-- the token request's `organization`: moving an app to another team drops it, and so does
-- renaming a team (one notification per application of that team).
DROP TRIGGER "Application_notify" ON "Application";
CREATE TRIGGER "Application_notify" AFTER INSERT OR DELETE OR UPDATE OF "clientId", "status", "scopes", "audiences", "grantTypes", "tokenLifetime", "ownerId", "teamId", "authMethod", "jwksUri", "requireDpop", "refreshTokens", "refreshTokenLifetime" ON "Application"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_cache();

CREATE FUNCTION keyport_notify_team_clients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keyport_cache', 'client:' || a."clientId") FROM "Application" a WHERE a."teamId" = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "Team_notify" AFTER UPDATE OF "slug", "name" ON "Team"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_team_clients();

-- Hand-written: every audit event about an application records its team, whoever writes it (an
-- explicit teamId wins; app.delete passes it, the application being gone by then). Events
-- recorded before this migration are left as they were: the log is append-only.
CREATE FUNCTION keyport_audit_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."teamId" IS NULL AND NEW."applicationId" IS NOT NULL THEN
    SELECT a."teamId" INTO NEW."teamId" FROM "Application" a WHERE a.id = NEW."applicationId";
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "AuditEvent_team" BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION keyport_audit_team();
