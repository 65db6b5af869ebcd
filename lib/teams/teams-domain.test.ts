// Teams on a real database (PostgreSQL with TEST_DATABASE_URL, else PGlite): personal teams,
// authorization (404 for non-members, 403 for a role too weak, re-checked inside the domain
// function's own query), the last-admin rule under concurrency, invitations (single use, expiry,
// the invited address only, digest stored), mail recipients and audit events with their team.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import type { Prisma } from "../generated/prisma/client";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { Mailer, type NewMail, type OutboxRow } from "../mail/mailer";
import { AppError } from "../errors/app-error";
import type { Actor } from "../audit/actor";
import { registerApp } from "../apps/register-app";
import { setRequireDpop } from "../apps/set-require-dpop";
import { appRecipients } from "../mail/app-recipients";
import { hasRole, rolesAtLeast } from "./team-roles";
import { firstFreeSlug, personalTeamSlugBase } from "./personal-team-slug";
import { ensurePersonalTeam } from "./ensure-personal-team";
import { findOrCreateUser } from "./find-or-create-user";
import { createTeam } from "./create-team";
import { requireAppAccess, requireTeamRole } from "./authorize";
import { userPrincipal } from "./principal";
import { changeMemberRole } from "./change-member-role";
import { removeMember } from "./remove-member";
import { inviteMember, MAX_PENDING_INVITATIONS } from "./invite-member";
import { acceptInvitation } from "./accept-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { getInvitation } from "./get-invitation";
import { invitationTokenDigest } from "./invitation-token";
import { moveAppToTeam } from "./move-app-to-team";
import { listUserTeams } from "./list-user-teams";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_teams");
});
after(async () => t?.drop());

/** The development outbox (rows written and marked sent), remembering each message's text. */
class CapturingMailer extends Mailer {
  sent: NewMail[] = [];
  constructor() {
    super({ prisma: t.prisma, secret: t.config.secret, from: "keyport@test" });
  }
  override async enqueue(tx: Pick<Prisma.TransactionClient, "emailMessage">, mail: NewMail): Promise<OutboxRow> {
    this.sent.push(mail);
    return super.enqueue(tx, mail);
  }
}

const mailOptions = (mailer: Mailer) => ({ mailer, baseUrl: "http://portal.test" });
const actorOf = (u: { id: string; email: string }): Actor => ({ type: "user", id: u.id, email: u.email });
const code = (expected: string) => (e: unknown) => {
  assert.ok(e instanceof AppError, String(e));
  assert.equal(e.code, expected, e.message);
  return true;
};
let n = 0;
const email = (tag: string) => `${tag}-${++n}@teams.test`;

async function user(tag: string) {
  return findOrCreateUser(t.prisma, email(tag));
}

/** A shared team with `admin` as its first admin and the others added with their roles. */
async function teamWith(admin: { id: string; email: string }, others: Array<[{ id: string }, "admin" | "developer" | "viewer"]> = []) {
  const team = await createTeam(t.prisma, { name: "Payments", slug: `payments-${++n}` }, { userId: admin.id }, actorOf(admin));
  for (const [u, role] of others) await t.prisma.teamMember.create({ data: { teamId: team.id, userId: u.id, role } });
  return team;
}

async function registerInto(teamId: string, creator: { id: string }) {
  return registerApp(t.prisma, { name: `svc ${++n}`, scopes: ["application.client"], ownerId: creator.id, team: { id: teamId } }, { type: "cli" }, {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
  });
}

describe("roles and slugs", () => {
  test("each role includes the weaker ones", () => {
    assert.ok(hasRole("admin", "developer") && hasRole("admin", "viewer") && hasRole("developer", "viewer"));
    assert.ok(!hasRole("viewer", "developer") && !hasRole("developer", "admin"));
    assert.deepEqual(rolesAtLeast("developer"), ["admin", "developer"]);
    assert.deepEqual(rolesAtLeast("viewer"), ["admin", "developer", "viewer"]);
  });

  test("a personal team's slug comes from the address, the same rule as the migration", () => {
    assert.equal(personalTeamSlugBase("Alice.Smith+ci@Example.com"), "alice-smith-ci");
    assert.equal(personalTeamSlugBase("--@x.io"), "user");
    assert.equal(personalTeamSlugBase(`${"a".repeat(31)}.b@x.io`), "a".repeat(31));
    assert.equal(firstFreeSlug("alice", new Set()), "alice");
    assert.equal(firstFreeSlug("alice", new Set(["alice", "alice-2"])), "alice-3");
  });
});

describe("personal teams", () => {
  test("one per user, created once even when asked for concurrently; taken slugs get a suffix", async () => {
    const a = await t.prisma.user.create({ data: { email: "sam@one.test" }, select: { id: true, email: true } });
    const b = await t.prisma.user.create({ data: { email: "sam@two.test" }, select: { id: true, email: true } });
    const teams = await Promise.all([1, 2, 3, 4].map(() => ensurePersonalTeam(t.prisma, a)));
    assert.equal(new Set(teams.map((x) => x.id)).size, 1);
    assert.equal(teams[0]!.slug, "sam");
    assert.equal((await ensurePersonalTeam(t.prisma, b)).slug, "sam-2");
    const members = await t.prisma.teamMember.findMany({ where: { teamId: teams[0]!.id }, select: { userId: true, role: true } });
    assert.deepEqual(members, [{ userId: a.id, role: "admin" }]);
    assert.equal(await t.prisma.team.count({ where: { personalUserId: a.id } }), 1);
  });

  test("an app registered without a team goes to its creator's personal team", async () => {
    const r = await registerApp(t.prisma, { name: "cli app", scopes: ["application.client"], ownerEmail: email("cli-owner") }, { type: "cli" }, {
      pepper: t.config.secret,
      defaultTokenLifetime: 600,
      preApproved: true,
    });
    assert.equal(r.app.team.personalUserId, r.app.owner.id);
    assert.deepEqual(await listUserTeams(t.prisma, r.app.owner.id).then((l) => l.map((x) => [x.personal, x.role, x.applications])), [[true, "admin", 1]]);
  });
});

describe("authorization", () => {
  test("non-members get not_found, a role too weak forbidden; an application acts for its own team only", async () => {
    const admin = await user("authz-admin");
    const viewer = await user("authz-viewer");
    const outsider = await user("authz-outsider");
    const team = await teamWith(admin, [[viewer, "viewer"]]);
    const { app } = await registerInto(team.id, admin);

    assert.equal((await requireAppAccess(t.prisma, userPrincipal(viewer.id), app.clientId, "viewer")).role, "viewer");
    await assert.rejects(requireAppAccess(t.prisma, userPrincipal(viewer.id), app.id, "developer"), code("forbidden"));
    await assert.rejects(requireAppAccess(t.prisma, userPrincipal(outsider.id), app.id, "viewer"), code("not_found"));
    await assert.rejects(requireAppAccess(t.prisma, userPrincipal(admin.id), "x".repeat(500), "viewer"), code("not_found"));
    await assert.rejects(requireTeamRole(t.prisma, userPrincipal(outsider.id), team.slug, "viewer"), code("not_found"));
    await assert.rejects(requireTeamRole(t.prisma, userPrincipal(viewer.id), team.id, "admin"), code("forbidden"));
    assert.equal((await requireTeamRole(t.prisma, userPrincipal(admin.id), team.slug, "admin")).team.id, team.id);

    const other = await registerInto(admin.personalTeamId, admin);
    const asApp = { kind: "app" as const, appId: other.app.id, teamId: admin.personalTeamId };
    assert.equal((await requireAppAccess(t.prisma, asApp, other.app.id, "admin")).role, "admin");
    await assert.rejects(requireAppAccess(t.prisma, asApp, app.id, "viewer"), code("not_found"));
    await assert.rejects(requireTeamRole(t.prisma, asApp, team.id, "viewer"), code("not_found"));
  });

  test("a member removed after the check is refused by the domain function's own query (nothing written)", async () => {
    const admin = await user("late-admin");
    const dev = await user("late-dev");
    const team = await teamWith(admin, [[dev, "developer"]]);
    const { app } = await registerInto(team.id, admin);
    const { ref } = await requireAppAccess(t.prisma, userPrincipal(dev.id), app.id, "developer");
    const admins = await requireTeamRole(t.prisma, userPrincipal(admin.id), team.id, "admin");
    await removeMember(t.prisma, admins.ref, dev.id, actorOf(admin));
    await assert.rejects(setRequireDpop(t.prisma, ref, true, actorOf(dev)), code("not_found"));
    assert.equal((await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).requireDpop, false);
    await assert.rejects(requireAppAccess(t.prisma, userPrincipal(dev.id), app.id, "viewer"), code("not_found"));
  });
});

describe("the last-admin rule", () => {
  test("the only admin can be neither demoted, removed, nor leave; a personal team's owner stays admin", async () => {
    const admin = await user("only-admin");
    const dev = await user("only-dev");
    const team = await teamWith(admin, [[dev, "developer"]]);
    const { ref } = await requireTeamRole(t.prisma, userPrincipal(admin.id), team.id, "admin");
    await assert.rejects(changeMemberRole(t.prisma, ref, { userId: admin.id, role: "developer" }, actorOf(admin)), code("conflict"));
    await assert.rejects(removeMember(t.prisma, ref, admin.id, actorOf(admin)), code("conflict"));
    const asViewer = await requireTeamRole(t.prisma, userPrincipal(admin.id), team.id, "viewer");
    await assert.rejects(removeMember(t.prisma, asViewer.ref, admin.id, actorOf(admin)), /last admin/);
    assert.equal((await t.prisma.teamMember.findFirstOrThrow({ where: { teamId: team.id, userId: admin.id } })).role, "admin");

    // With a second admin, the first may step down.
    assert.deepEqual(await changeMemberRole(t.prisma, ref, { userId: dev.id, role: "admin" }, actorOf(admin)), { from: "developer", to: "admin", changed: true });
    assert.equal((await changeMemberRole(t.prisma, ref, { userId: admin.id, role: "viewer" }, actorOf(admin))).changed, true);

    const personal = await requireTeamRole(t.prisma, userPrincipal(admin.id), admin.personalTeamId, "admin");
    await t.prisma.teamMember.create({ data: { teamId: admin.personalTeamId, userId: dev.id, role: "admin" } });
    await assert.rejects(changeMemberRole(t.prisma, personal.ref, { userId: admin.id, role: "developer" }, actorOf(admin)), /personal team/);
    const devAdmin = await requireTeamRole(t.prisma, userPrincipal(dev.id), admin.personalTeamId, "admin");
    await assert.rejects(removeMember(t.prisma, devAdmin.ref, admin.id, actorOf(dev)), /personal team/);
  });

  test("two admins demoting each other (or removing each other) at the same moment: exactly one succeeds, one admin is left", async () => {
    // Repeated, so the two transactions really overlap on PostgreSQL's connection pool.
    for (let round = 0; round < 8; round++) {
      const a = await user("race-a");
      const b = await user("race-b");
      const team = await teamWith(a, [[b, "admin"]]);
      const refA = (await requireTeamRole(t.prisma, userPrincipal(a.id), team.id, "admin")).ref;
      const refB = (await requireTeamRole(t.prisma, userPrincipal(b.id), team.id, "admin")).ref;
      const results = await Promise.allSettled(
        round % 2
          ? [removeMember(t.prisma, refA, b.id, actorOf(a)), removeMember(t.prisma, refB, a.id, actorOf(b))]
          : [changeMemberRole(t.prisma, refA, { userId: b.id, role: "viewer" }, actorOf(a)), changeMemberRole(t.prisma, refB, { userId: a.id, role: "viewer" }, actorOf(b))],
      );
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 1, `round ${round}: ${JSON.stringify(results.map((r) => r.status))}`);
      assert.equal(await t.prisma.teamMember.count({ where: { teamId: team.id, role: "admin" } }), 1, `round ${round}`);
    }
  });
});

describe("invitations", () => {
  test("invite → mail with a single-use link (only its digest stored) → accepted once, by the invited address only", async () => {
    const admin = await user("inv-admin");
    const invitee = await user("inv-dev");
    const stranger = await user("inv-stranger");
    const team = await teamWith(admin);
    const { ref } = await requireTeamRole(t.prisma, userPrincipal(admin.id), team.id, "admin");
    const mailer = new CapturingMailer();
    const invitation = await inviteMember(t.prisma, ref, { email: invitee.email.toUpperCase(), role: "developer" }, actorOf(admin), mailOptions(mailer));
    assert.equal(invitation.email, invitee.email);
    const mail = mailer.sent.at(-1)!;
    assert.equal(mail.to, invitee.email);
    assert.equal(mail.kind, "team_invitation");
    const token = /\/invitations\/(kpi_[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    assert.ok(token, mail.text);
    const row = await t.prisma.teamInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    assert.equal(row.tokenDigest, invitationTokenDigest(token));
    assert.ok(!JSON.stringify(row).includes(token), "the token itself is not stored");
    assert.equal((await getInvitation(t.prisma, token))?.state, "pending");

    await assert.rejects(acceptInvitation(t.prisma, { token, user: stranger }, actorOf(stranger)), code("forbidden"));
    const accepted = await acceptInvitation(t.prisma, { token, user: invitee }, actorOf(invitee));
    assert.deepEqual(accepted, { team: { id: team.id, slug: team.slug, name: "Payments" }, role: "developer", joined: true });
    await assert.rejects(acceptInvitation(t.prisma, { token, user: invitee }, actorOf(invitee)), code("conflict"));
    assert.equal((await getInvitation(t.prisma, token))?.state, "accepted");
    assert.equal((await requireTeamRole(t.prisma, userPrincipal(invitee.id), team.id, "developer")).role, "developer");
    await assert.rejects(inviteMember(t.prisma, ref, { email: invitee.email, role: "viewer" }, actorOf(admin), mailOptions(mailer)), code("conflict"));
    await assert.rejects(acceptInvitation(t.prisma, { token: "kpi_made-up", user: invitee }, actorOf(invitee)), code("not_found"));
    // An address that may not sign in here (KEYPORT_ALLOWED_EMAILS) could never accept: refused up front.
    const policy = { KEYPORT_ALLOWED_EMAILS: ["@teams.test"], KEYPORT_ADMIN_EMAILS: [] };
    await assert.rejects(inviteMember(t.prisma, ref, { email: "partner@elsewhere.example", role: "viewer" }, actorOf(admin), { ...mailOptions(mailer), signInPolicy: policy }), code("invalid_input"));
    assert.equal((await inviteMember(t.prisma, ref, { email: email("allowed"), role: "viewer" }, actorOf(admin), { ...mailOptions(mailer), signInPolicy: policy })).role, "viewer");
  });

  test("an invitation expires; a new one replaces the old link; a revoked one stops working", async () => {
    const admin = await user("exp-admin");
    const invitee = await user("exp-viewer");
    const team = await teamWith(admin);
    const { ref } = await requireTeamRole(t.prisma, userPrincipal(admin.id), team.id, "admin");
    const mailer = new CapturingMailer();
    const tokenOf = () => /\/invitations\/(kpi_[A-Za-z0-9_-]+)/.exec(mailer.sent.at(-1)!.text)![1]!;

    const past = new Date(Date.now() - 8 * 86_400_000);
    await inviteMember(t.prisma, ref, { email: invitee.email, role: "viewer" }, actorOf(admin), { ...mailOptions(mailer), now: past });
    const expired = tokenOf();
    assert.equal((await getInvitation(t.prisma, expired))?.state, "expired");
    await assert.rejects(acceptInvitation(t.prisma, { token: expired, user: invitee }, actorOf(invitee)), /expired/);

    await inviteMember(t.prisma, ref, { email: invitee.email, role: "viewer" }, actorOf(admin), mailOptions(mailer));
    const first = tokenOf();
    await inviteMember(t.prisma, ref, { email: invitee.email, role: "developer" }, actorOf(admin), mailOptions(mailer));
    const second = tokenOf();
    assert.equal(await getInvitation(t.prisma, first), null, "replaced by the newer invitation");
    assert.equal(await t.prisma.teamInvitation.count({ where: { teamId: team.id } }), 1);

    const pending = await t.prisma.teamInvitation.findFirstOrThrow({ where: { teamId: team.id } });
    await revokeInvitation(t.prisma, ref, pending.id, actorOf(admin));
    await assert.rejects(acceptInvitation(t.prisma, { token: second, user: invitee }, actorOf(invitee)), code("not_found"));
    await assert.rejects(requireTeamRole(t.prisma, userPrincipal(invitee.id), team.id, "viewer"), code("not_found"));
    assert.ok(MAX_PENDING_INVITATIONS >= 10);
  });
});

describe("mail and audit", () => {
  test("an app's mail goes to its team's admins and developers, not its viewers; events carry the team", async () => {
    const admin = await user("mail-admin");
    const dev = await user("mail-dev");
    const viewer = await user("mail-viewer");
    const team = await teamWith(admin, [[dev, "developer"], [viewer, "viewer"]]);
    const { app } = await registerInto(team.id, dev);
    assert.deepEqual(await appRecipients(t.prisma, app.id), [admin.email, dev.email]);
    assert.deepEqual(await appRecipients(t.prisma, "no-such-app"), []);

    const created = await t.prisma.auditEvent.findFirstOrThrow({ where: { applicationId: app.id, action: "app.create" } });
    assert.equal(created.teamId, team.id);
    // An event written without a team (as every older call site does) gets the app's team from the database.
    const { ref } = await requireAppAccess(t.prisma, userPrincipal(dev.id), app.id, "developer");
    await setRequireDpop(t.prisma, ref, true, actorOf(dev));
    const toggled = await t.prisma.auditEvent.findFirstOrThrow({ where: { applicationId: app.id, action: "app.require_dpop" } });
    assert.equal(toggled.teamId, team.id);
    assert.equal(toggled.actorEmail, dev.email);

    const moved = await moveAppToTeam(t.prisma, { id: app.clientId }, admin.personalTeamId, { type: "admin", email: "root@teams.test" });
    assert.equal(moved.changed, true);
    assert.deepEqual(await appRecipients(t.prisma, app.id), [admin.email]);
    const move = await t.prisma.auditEvent.findFirstOrThrow({ where: { applicationId: app.id, action: "app.move_team" } });
    assert.equal(move.teamId, admin.personalTeamId);
    assert.equal((await moveAppToTeam(t.prisma, { id: app.id }, admin.personalTeamId, { type: "admin" })).changed, false);
    await assert.rejects(moveAppToTeam(t.prisma, { id: app.id }, "no-such-team", { type: "admin" }), code("not_found"));
    const teamEvents = await t.prisma.auditEvent.findMany({ where: { teamId: team.id, action: { startsWith: "team." } }, select: { action: true } });
    assert.deepEqual(teamEvents.map((e) => e.action), ["team.create"]);
  });
});
