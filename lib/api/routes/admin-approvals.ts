// Admin: the approvals queue — applications that requested a scope needing approval (the same
// domain functions as /admin/approvals: listPendingApprovals, changeAppStatusAndNotify).
import { z } from "zod";
import { publicOrigin } from "../../config/public-origin";
import { listPendingApprovals } from "../../admin/list-pending-approvals";
import { changeAppStatusAndNotify } from "../../admin/change-app-status-and-notify";
import { appIdSchema } from "../../apps/app-schemas";
import { defineRoute } from "../api-route";
import { iso, timestampSchema } from "./common-schemas";

const TAGS = ["Admin: approvals"];

const pendingApprovalSchema = z
  .object({
    id: z.string(),
    client_id: z.string(),
    name: z.string(),
    description: z.string(),
    created_at: timestampSchema,
    owner_email: z.string(),
    scopes: z.array(z.string()),
    privileged_scopes: z.array(z.string()).meta({ description: "The requested scopes that need approval" }),
  })
  .meta({ id: "PendingApproval" });

const reviewResultSchema = z
  .object({
    application: z.object({
      id: z.string(),
      client_id: z.string(),
      name: z.string(),
      status: z.enum(["pending", "active", "disabled"]),
      status_reason: z.string().nullable(),
    }),
    changed: z.boolean().meta({ description: "false when the application already had this outcome (nothing was done, nobody mailed)" }),
    notified: z.boolean().meta({ description: "The team's admins and developers were emailed" }),
  })
  .meta({ id: "ApprovalResult" });

/** The note to the team, as the console's field: at most 500 characters. */
const reasonSchema = z.string().trim().max(500, "At most 500 characters");
const appParams = z.strictObject({ app_id: appIdSchema.meta({ description: "Application id or client_id" }) });

const review = (action: "approve" | "deny") =>
  defineRoute({
    method: "POST",
    path: `/admin/approvals/{app_id}/${action}`,
    operationId: action === "approve" ? "approveApplication" : "denyApplication",
    summary: action === "approve" ? "Approve a pending application" : "Deny a pending application",
    description:
      action === "approve"
        ? "Activates the application; its team's admins and developers are emailed. Approving an application that is already active changes nothing."
        : "Disables the pending application with the reason, which its team's admins and developers are emailed.",
    tags: TAGS,
    scope: "keyport:admin",
    params: appParams,
    query: null,
    body:
      action === "approve"
        ? z.strictObject({ reason: reasonSchema.optional().meta({ description: "Note to the team (optional)" }) })
        : z.strictObject({ reason: reasonSchema.min(1, "A reason is required when denying an application").meta({ description: "Why (mailed to the team)" }) }),
    response: { status: 200, description: "The application after the review", schema: reviewResultSchema },
    async handler({ services, params, body, actor }) {
      const r = await changeAppStatusAndNotify(services.prisma, params.app_id, action, actor, {
        reason: body.reason || undefined,
        baseUrl: publicOrigin(services.config),
      });
      return {
        body: {
          application: { id: r.app.id, client_id: r.app.clientId, name: r.app.name, status: r.app.status, status_reason: r.app.statusReason },
          changed: r.changed,
          notified: r.mailed,
        },
      };
    },
  });

export const ADMIN_APPROVAL_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/admin/approvals",
    operationId: "listPendingApprovals",
    summary: "List applications waiting for approval",
    description: "Oldest first (first come, first served), as the admin console's approvals page.",
    tags: TAGS,
    scope: "keyport:admin",
    params: null,
    query: z.strictObject({
      limit: z.coerce.number().int("limit must be a whole number").min(1, "limit must be at least 1").max(500, "limit must be at most 500").default(100),
    }),
    body: null,
    response: {
      status: 200,
      description: "The oldest pending applications, and how many are pending in all",
      schema: z.object({ items: z.array(pendingApprovalSchema), total: z.number().int() }).meta({ id: "PendingApprovalList" }),
    },
    async handler({ services, query }) {
      const { items, total } = await listPendingApprovals(services.prisma, query.limit);
      return {
        body: {
          total,
          items: items.map((a) => ({
            id: a.id,
            client_id: a.clientId,
            name: a.name,
            description: a.description,
            created_at: iso(a.createdAt),
            owner_email: a.ownerEmail,
            scopes: a.scopes,
            privileged_scopes: a.privilegedScopes,
          })),
        },
      };
    },
  }),
  review("approve"),
  review("deny"),
];
