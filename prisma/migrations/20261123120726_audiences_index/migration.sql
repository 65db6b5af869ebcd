-- CreateIndex
CREATE INDEX "Application_audiences_idx" ON "Application" USING GIN ("audiences");

