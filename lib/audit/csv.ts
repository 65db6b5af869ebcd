// CSV per RFC 4180, made safe to open in a spreadsheet.

/**
 * Cells starting with = + - @ (or a tab / carriage return, which some spreadsheets strip before
 * evaluating) are read as formulas by Excel, LibreOffice and Google Sheets: an attacker who puts
 * `=HYPERLINK(...)` into an app name would run it on the admin's machine (CSV injection, see
 * OWASP "CSV Injection"). A leading single quote makes the cell plain text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 §2: fields containing a comma, quote, CR or LF are quoted; quotes are doubled. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = neutraliseFormula(value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180 §2.1). */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
