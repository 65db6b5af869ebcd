import type { PrismaClient } from "../generated/prisma/client";
import { notFound } from "../errors/app-error";

export interface AudienceIntrospectorSummary {
  applicationId: string;
  clientId: string;
  name: string;
  status: "pending" | "active" | "disabled";
  addedAt: Date;
}

/** The resource servers allowed to introspect tokens issued for `identifier`, oldest first. */
export async function listAudienceIntrospectors(prisma: PrismaClient, identifier: string): Promise<AudienceIntrospectorSummary[]> {
  const audience = await prisma.audience.findUnique({ where: { identifier }, select: { identifier: true } });
  if (!audience) throw notFound("Audience not found");
  const rows = await prisma.audienceIntrospector.findMany({
    where: { audienceId: identifier },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, application: { select: { id: true, clientId: true, name: true, status: true } } },
  });
  return rows.map((r) => ({
    applicationId: r.application.id,
    clientId: r.application.clientId,
    name: r.application.name,
    status: r.application.status,
    addedAt: r.createdAt,
  }));
}
