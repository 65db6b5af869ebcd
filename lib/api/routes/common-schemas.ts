// Schemas and mappers shared by the API routes.
import { z } from "zod";

/** An instant as an RFC 3339 / ISO 8601 UTC string. */
export const timestampSchema = z.iso.datetime().meta({ description: "RFC 3339 timestamp (UTC)", example: "2026-12-01T10:30:00.000Z" });

export function iso(d: Date): string;
export function iso(d: Date | null): string | null;
export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** Nothing to send: `{}` (or an empty body). Unknown members are refused, as everywhere. */
export const emptyBodySchema = z.strictObject({});

