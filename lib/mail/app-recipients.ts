// Who is told about an application (new secret, rotation, status, expiring secret, refresh-token
// reuse …): every mail about an app goes to these addresses — the admins and developers of the
// team that owns it (viewers only read), one message each. Read at the moment of sending, so a
// member removed a moment ago is no longer mailed.
import type { Prisma } from "../db/database";
import { NOTIFIED_ROLES } from "../teams/team-roles";

type Db = Pick<Prisma, "teamMember">;

/** The addresses to notify about application `appId`, admins first (empty when it does not exist). */
export async function appRecipients(db: Db, appId: string): Promise<string[]> {
  const members = await db.teamMember.findMany({
    where: { team: { applications: { some: { id: appId } } }, role: { in: [...NOTIFIED_ROLES] } },
    select: { user: { select: { email: true } } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }, { userId: "asc" }],
  });
  return [...new Set(members.map((m) => m.user.email))];
}
