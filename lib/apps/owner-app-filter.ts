// "My apps" search and status filter (issue #12 item 9), read from the URL: a value listApps
// would refuse (too long, an unknown status) is dropped instead of failing the page.
const STATUSES = ["active", "pending", "disabled"] as const;
export type AppStatusFilter = (typeof STATUSES)[number];

export interface OwnerAppFilter {
  /** Name (substring, any case) or exact client_id. */
  q?: string;
  status?: AppStatusFilter;
}

export function ownerAppFilter(params: { q?: string | string[]; status?: string | string[] }): OwnerAppFilter {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const q = first(params.q)?.trim();
  const status = first(params.status);
  return {
    q: q && q.length <= 200 ? q : undefined,
    status: STATUSES.find((s) => s === status),
  };
}

/** The query string of a list page: the filter, the team, and extra keys (page), empty ones left out. */
export function appListQuery(parts: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parts)) if (value !== undefined && value !== "") search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : "";
}
