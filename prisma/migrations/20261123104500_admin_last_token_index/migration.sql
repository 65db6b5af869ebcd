-- Hand-written: the admin console sorts applications by last token use, most recent first, with
-- never-used applications last (DESC NULLS LAST). The default B-tree order (ASC NULLS LAST) cannot
-- serve that without sorting the whole table; this index serves it, and its backward scan serves
-- the opposite order (ASC NULLS FIRST).
CREATE INDEX "Application_lastTokenAt_desc_idx" ON "Application" ("lastTokenAt" DESC NULLS LAST, "id" DESC);
