// A user, their personal team (they are its admin) and an active application, inserted straight in SQL: for tests of
// code that only needs an application row to exist (the request log), not the registration path.
import crypto from "node:crypto";
import type { SqlSession } from "../db/database";

export interface TestApp {
  id: string;
  clientId: string;
  ownerId: string;
  teamId: string;
}

export async function insertTestApp(db: SqlSession, tag = crypto.randomBytes(4).toString("hex")): Promise<TestApp> {
  const app: TestApp = { id: `app_${tag}`, clientId: `kp_${tag}`, ownerId: `u_${tag}`, teamId: `t_${tag}` };
  await db.query(`INSERT INTO "User" (id, email) VALUES ($1, $2)`, [app.ownerId, `${tag}@example.test`]);
  await db.query(`INSERT INTO "Team" (id, slug, name, "personalUserId") VALUES ($1, $1, $2, $3)`, [app.teamId, `${tag}@example.test`, app.ownerId]);
  await db.query(`INSERT INTO "TeamMember" ("teamId", "userId", role) VALUES ($1, $2, 'admin')`, [app.teamId, app.ownerId]);
  await db.query(
    `INSERT INTO "Application" (id, "clientId", name, "ownerId", "teamId", status, scopes, audiences, "updatedAt")
     VALUES ($1, $2, $3, $4, $5, 'active', ARRAY['application.client'], ARRAY['urn:keyport:api'], now())`,
    [app.id, app.clientId, `App ${tag}`, app.ownerId, app.teamId],
  );
  return app;
}
