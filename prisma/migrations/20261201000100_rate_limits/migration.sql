-- Rate-limit counters shared by every instance of a deployment (lib/rate-limit). The table belongs
-- to rate-limiter-flexible's RateLimiterPostgres (this is its own layout: key, points, expire in ms
-- since the epoch) and is not a Prisma model: nothing but that library reads or writes it. Creating
-- it here, under the migration advisory lock, means instances starting together never race to
-- create it (the library is then told `tableCreated: true`). The embedded database counts in
-- memory and leaves the table empty.
CREATE TABLE IF NOT EXISTS "rate_limit" (
    "key" VARCHAR(255) PRIMARY KEY,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT
);

-- The periodic purge of expired counters (DELETE … WHERE expire < …).
CREATE INDEX IF NOT EXISTS "rate_limit_expire_idx" ON "rate_limit" ("expire");
