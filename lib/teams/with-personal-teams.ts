// The Auth.js adapter, wrapped so that a user created at first sign-in gets a personal team at
// once. Should this fail (or a user come from elsewhere), the portal creates it on the next request
// (app/_lib/session.ts): either way every signed-in user has one.
import type { Adapter } from "next-auth/adapters";
import type { PrismaClient } from "../generated/prisma/client";
import { ensurePersonalTeam } from "./ensure-personal-team";

export function withPersonalTeams(adapter: Adapter, prisma: PrismaClient): Adapter {
  const { createUser } = adapter;
  if (!createUser) throw new Error("the adapter lacks createUser");
  return {
    ...adapter,
    async createUser(data) {
      const user = await createUser(data);
      await ensurePersonalTeam(prisma, { id: user.id, email: user.email });
      return user;
    },
  };
}
