// An import file as records: JSON Lines (one JSON object per line) or CSV with a header row of the
// same field names (lib/import/import-record.ts). Every problem is reported with its line; nothing
// here touches the database (lib/import/plan-import.ts does the catalog and duplicate checks).
import { IMPORT_FIELDS, validateImportRecord, type ImportField, type ImportIssue, type ImportRecord } from "./import-record";
import { CsvSyntaxError, readCsv } from "./read-csv";

export type ImportFormat = "jsonl" | "csv";

/** Bounds of one import: large enough for a whole directory of clients, small enough for memory. */
export const MAX_IMPORT_RECORDS = 100_000;
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export interface ParsedImport {
  format: ImportFormat;
  /** Valid records, in file order. */
  records: ImportRecord[];
  issues: ImportIssue[];
  /** Records in the file, valid or not. */
  total: number;
}

const REQUIRED_COLUMNS: readonly ImportField[] = ["name", "owner", "scopes"];

/**
 * What is wrong with a line that is not JSON, without quoting it: V8's message can carry a piece
 * of the line ("Unexpected token 'a', \"abc…\" is not valid JSON"), and the line may hold a secret.
 */
function jsonError(err: unknown): string {
  const m = /^(.*?) in JSON at position (\d+)/.exec(err instanceof Error ? err.message : "");
  return m && !m[1]!.includes('"') && !m[1]!.startsWith("Unexpected token") ? `not valid JSON (${m[1]} at column ${Number(m[2]) + 1})` : "not valid JSON";
}

/** JSON Lines when the first non-blank character opens an object, CSV otherwise. */
export function detectImportFormat(text: string): ImportFormat {
  const m = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return m?.[0] === "{" ? "jsonl" : "csv";
}

export function parseImportFile(text: string, options: { format?: ImportFormat } = {}): ParsedImport {
  const format = options.format ?? detectImportFormat(text);
  const out: ParsedImport = { format, records: [], issues: [], total: 0 };
  if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES) {
    out.issues.push({ line: 0, message: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; split it` });
    return out;
  }
  const add = (line: number, raw: Record<string, unknown>) => {
    out.total++;
    const r = validateImportRecord(line, raw);
    if ("record" in r) out.records.push(r.record);
    else out.issues.push(...r.issues);
  };
  const tooMany = (): ParsedImport => {
    out.issues.push({ line: 0, message: `more than ${MAX_IMPORT_RECORDS.toLocaleString("en")} records; split the file` });
    return out;
  };

  if (format === "jsonl") {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const lineText = (i === 0 ? lines[i]!.replace(/^\ufeff/, "") : lines[i]!).replace(/\r$/, "");
      if (lineText.trim() === "") continue;
      if (out.total >= MAX_IMPORT_RECORDS) return tooMany();
      const line = i + 1;
      let value: unknown;
      try {
        value = JSON.parse(lineText);
      } catch (err) {
        out.total++;
        out.issues.push({ line, message: jsonError(err) });
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        out.total++;
        out.issues.push({ line, message: "each line must be one JSON object" });
        continue;
      }
      add(line, value as Record<string, unknown>);
    }
  } else {
    let rows;
    try {
      rows = readCsv(text);
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      out.issues.push({ line: err.line, message: `CSV: ${err.message}` });
      return out;
    }
    const header = rows.shift();
    if (!header) {
      out.issues.push({ line: 0, message: "the file is empty" });
      return out;
    }
    const columns = header.cells.map((c) => c.trim());
    const known = new Set<string>(IMPORT_FIELDS);
    const problems: string[] = [];
    const unknown = columns.filter((c) => !known.has(c));
    if (unknown.length) problems.push(`unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")} (known: ${IMPORT_FIELDS.join(", ")})`);
    const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
    if (repeated.length) problems.push(`column${repeated.length > 1 ? "s" : ""} ${[...new Set(repeated)].map((c) => `"${c}"`).join(", ")} appear more than once`);
    const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
    if (missing.length) problems.push(`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
    if (problems.length) {
      out.issues.push({ line: header.line, message: `header: ${problems.join("; ")}` });
      return out;
    }
    for (const row of rows) {
      if (out.total >= MAX_IMPORT_RECORDS) return tooMany();
      if (row.cells.length !== columns.length) {
        out.total++;
        out.issues.push({ line: row.line, message: `has ${row.cells.length} field${row.cells.length === 1 ? "" : "s"}, the header has ${columns.length}` });
        continue;
      }
      const raw: Record<string, unknown> = {};
      columns.forEach((c, i) => (raw[c] = row.cells[i]));
      add(row.line, raw);
    }
  }
  if (out.total === 0 && out.issues.length === 0) out.issues.push({ line: 0, message: "the file holds no records" });
  return out;
}
