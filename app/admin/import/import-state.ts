// What the import page's action returns to the form (serialisable; never an imported secret).
import type { ImportCounts } from "@/lib/import/plan-import";
import type { ImportIssue } from "@/lib/import/import-record";

/** Server actions take about 1 MB by default (Next's serverActions.bodySizeLimit): the CLI takes up to 32 MiB. */
export const MAX_CONSOLE_IMPORT_BYTES = 900 * 1024;
/** How many problems and planned rows the page lists (the counts cover all of them). */
export const SHOWN_ISSUES = 100;
export const SHOWN_ROWS = 200;

export interface ImportPreviewRow {
  line: number;
  name: string;
  clientId: string | null;
  owner: string;
  ownerIsNew: boolean;
  scopes: string[];
  audiences: string[];
  tokenTtl: number | null;
  secret: "hmac" | "scrypt" | "generated";
}

export interface ImportState {
  ok?: boolean;
  message?: string;
  mode?: "preview" | "import";
  format?: "jsonl" | "csv";
  counts?: ImportCounts;
  issues?: ImportIssue[];
  issueCount?: number;
  rows?: ImportPreviewRow[];
  newOwners?: string[];
  created?: Array<{ line: number; id: string; clientId: string; name: string }>;
  /** Secrets Keyport generated (records without client_secret, not mailed): shown this once. */
  credentials?: Array<{ line: number; clientId: string; clientSecret: string }>;
  mail?: { queued: number; sent: number };
  ms?: number;
}
