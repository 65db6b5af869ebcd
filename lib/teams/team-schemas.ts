// Input schemas for teams, shared by the portal, the admin console, the CLI and the API.
import { z } from "zod";
import { visibleText } from "../apps/app-schemas";
import { TEAM_ROLES } from "./team-roles";

/** 2–40 lower-case letters, digits and single dashes, starting and ending with a letter or digit. */
export const TEAM_SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$/;
export const MAX_TEAM_SLUG_LENGTH = 40;

export const teamNameSchema = visibleText(z.string().trim().min(1, "Name is required").max(80, "At most 80 characters"));
export const teamSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(TEAM_SLUG, "2–40 lower-case letters, digits and dashes (not at the start or end, never two in a row)");
export const teamRoleSchema = z.enum(TEAM_ROLES, { message: "Choose admin, developer or viewer" });
/** A team id or slug as it arrives in a URL or form (looked up, never trusted). */
export const teamIdSchema = z.string().trim().min(1).max(100);
