// A CSV reader for import files (RFC 4180; lib/audit/csv.ts is its writer): fields separated by
// commas, records by CRLF or LF, fields that hold a comma, quote or line break in double quotes
// with quotes doubled. Each row carries the line it starts on, so every error can name its line
// even when a quoted field spans several. A leading UTF-8 byte-order mark (spreadsheets write one)
// is skipped; lines that are entirely empty are skipped too.

export interface CsvRow {
  /** 1-based line the record starts on. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Every record of `text`; throws CsvSyntaxError with the line of the first malformed one. */
export function readCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = s.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    // An empty line (or the final line break) is no record.
    if (s[i] === "\n") {
      i++;
      line++;
      continue;
    }
    if (s[i] === "\r" && s[i + 1] === "\n") {
      i += 2;
      line++;
      continue;
    }
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = "";
      if (s[i] === '"') {
        const openedOn = line;
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(openedOn, "a quoted field is never closed");
          const c = s[i]!;
          if (c === '"') {
            if (s[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === "\n") line++;
          cell += c;
          i++;
        }
        if (i < n && s[i] !== "," && s[i] !== "\n" && !(s[i] === "\r" && s[i + 1] === "\n")) {
          throw new CsvSyntaxError(line, "unexpected text after a closing quote (quotes inside a field are doubled: \"\")");
        }
      } else {
        const from = i;
        while (i < n && s[i] !== "," && s[i] !== "\n" && !(s[i] === "\r" && s[i + 1] === "\n")) {
          if (s[i] === '"') throw new CsvSyntaxError(line, "a quote inside an unquoted field (quote the whole field and double the quote)");
          i++;
        }
        cell = s.slice(from, i);
      }
      cells.push(cell);
      if (i < n && s[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    rows.push({ line: start, cells });
    // The record's line break.
    if (s[i] === "\r") i++;
    if (s[i] === "\n") {
      i++;
      line++;
    }
  }
  return rows;
}
