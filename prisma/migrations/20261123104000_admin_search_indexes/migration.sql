-- Hand-written: indexes for the admin console's application search (issue 5), which must stay
-- fast with 100,000 applications. `name ILIKE '%q%'` and `email LIKE '%q%'` cannot use a B-tree;
-- pg_trgm's GIN operator class answers substring matches from the index. (PGlite loads the
-- extension explicitly in lib/db/database.ts.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Application_name_trgm_idx" ON "Application" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "User_email_trgm_idx" ON "User" USING GIN ("email" gin_trgm_ops);
