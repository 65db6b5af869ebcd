// Who is told about an application (new secret, rotation, status, expiring secret, refresh-token
// reuse …): every mail about an app goes to these addresses. Today its owner; with teams, the
// team's admins and developers.
import type { Prisma } from "../db/database";

type Db = Pick<Prisma, "application">;

/** The addresses to notify about application `appId` (empty when it does not exist). */
export async function appRecipients(db: Db, appId: string): Promise<string[]> {
  const app = await db.application.findUnique({ where: { id: appId }, select: { owner: { select: { email: true } } } });
  return app ? [app.owner.email] : [];
}
