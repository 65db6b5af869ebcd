// Import files without a database: JSON Lines and CSV, every kind of error with its line number.
import { test } from "node:test";
import assert from "node:assert/strict";
import { detectImportFormat, parseImportFile, MAX_IMPORT_RECORDS } from "./parse-import-file";
import { readCsv, CsvSyntaxError } from "./read-csv";

const LONG = "L".repeat(40);

test("JSON Lines: records are normalised — scopes as an array or a string, email lower-cased, absent optionals null", () => {
  const text = [
    JSON.stringify({ name: "Billing", owner: "Alice@Example.com", scopes: ["a.read", "a.write", "a.read"], client_id: "legacy-1", client_secret: LONG }),
    "",
    JSON.stringify({ name: "Reports", owner: "bob@example.com", scopes: "a.read  a.write", audiences: "https://api.example.com urn:x", token_ttl: 900, description: "nightly" }),
    "   ",
  ].join("\n");
  const p = parseImportFile(text);
  assert.equal(p.format, "jsonl");
  assert.deepEqual(p.issues, []);
  assert.equal(p.total, 2);
  assert.deepEqual(p.records, [
    { line: 1, name: "Billing", owner: "alice@example.com", scopes: ["a.read", "a.write"], audiences: null, tokenTtl: null, description: "", clientId: "legacy-1", clientSecret: LONG },
    { line: 3, name: "Reports", owner: "bob@example.com", scopes: ["a.read", "a.write"], audiences: ["https://api.example.com", "urn:x"], tokenTtl: 900, description: "nightly", clientId: null, clientSecret: null },
  ]);
});

test("JSON Lines: every error names its line and field; valid lines still parse", () => {
  const lines = [
    JSON.stringify({ name: "ok", owner: "a@example.com", scopes: "s" }), // 1
    "{not json", // 2
    "[1,2]", // 3
    JSON.stringify({ owner: "a@example.com", scopes: "s" }), // 4 no name
    JSON.stringify({ name: "x", owner: "not-an-email", scopes: "s" }), // 5
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: [] }), // 6
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", token_ttl: 30 }), // 7
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", client_id: "has space" }), // 8
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", client_id: "i".repeat(101) }), // 9
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", client_secret: "short" }), // 10
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", client_secret: "tab\there-secret" }), // 11
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", scope: "typo" }), // 12
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", token_ttl: "1h" }), // 13
    JSON.stringify({ name: "x\u202e", owner: "a@example.com", scopes: "s" }), // 14
    JSON.stringify({ name: "x", owner: "a@example.com", scopes: "s", client_secret: " padded-secret " }), // 15
  ];
  const p = parseImportFile(lines.join("\r\n"));
  assert.equal(p.total, 15);
  assert.equal(p.records.length, 1);
  assert.equal(p.records[0]!.line, 1);
  const byLine = new Map<number, string[]>();
  for (const i of p.issues) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i.message]);
  assert.deepEqual([...byLine.keys()], [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  assert.deepEqual(byLine.get(2), ["not valid JSON (Expected property name or '}' at column 2)"]);
  assert.equal(byLine.get(3)![0], "each line must be one JSON object");
  assert.deepEqual(byLine.get(4), ["name: is required"]);
  assert.match(byLine.get(5)![0]!, /^owner: /);
  assert.deepEqual(byLine.get(6), ["scopes: Choose at least one scope"]);
  assert.deepEqual(byLine.get(7), ["token_ttl: must be at least 60 seconds"]);
  assert.match(byLine.get(8)![0]!, /^client_id: must be 1–100 characters/);
  assert.match(byLine.get(9)![0]!, /^client_id: must be 1–100 characters/);
  assert.match(byLine.get(10)![0]!, /^client_secret: must be at least 8 characters/);
  assert.deepEqual(byLine.get(11), ["client_secret: must not contain control characters"]);
  assert.match(byLine.get(12)![0]!, /unknown field "scope"/);
  assert.deepEqual(byLine.get(13), ["token_ttl: must be a whole number of seconds"]);
  assert.match(byLine.get(14)![0]!, /^name: Remove invisible/);
  assert.deepEqual(byLine.get(15), ["client_secret: must not start or end with whitespace"]);
  const field = p.issues.find((i) => i.line === 8)!.field;
  assert.equal(field, "client_id");
  // A secret never appears in an error message.
  assert.ok(!p.issues.some((i) => i.message.includes("tab\there") || i.message.includes("padded-secret")));
});

test("a line that is not JSON is reported without quoting it (it may hold a secret)", () => {
  const p = parseImportFile(['{"name":"a","owner":"a@example.com","scopes":"s"}', 'secret-in-plain-sight-0123456789', '{"client_secret":"leaky-secret-99" "x":1}'].join("\n"));
  assert.deepEqual(p.issues, [
    { line: 2, message: "not valid JSON" },
    { line: 3, message: "not valid JSON (Expected ',' or '}' after property value at column 36)" },
  ]);
});

test("CSV: the same columns, in any order; quoted cells with commas, quotes and line breaks; empty cells are absent", () => {
  const text = [
    "\ufeffowner,name,scopes,client_secret,token_ttl,description",
    `carol@example.com,"Sync, nightly",a.read a.write,${LONG},3600,"says ""hi"""`,
    `dave@example.com,Multi,a.read,,,"two`,
    `lines"`,
    "",
    `erin@example.com,Third,a.read,,,`,
  ].join("\r\n");
  assert.equal(detectImportFormat(text), "csv");
  const p = parseImportFile(text);
  assert.equal(p.format, "csv");
  assert.deepEqual(p.issues, []);
  assert.deepEqual(
    p.records.map((r) => [r.line, r.name, r.owner, r.scopes.join(" "), r.clientSecret, r.tokenTtl, r.description]),
    [
      [2, "Sync, nightly", "carol@example.com", "a.read a.write", LONG, 3600, 'says "hi"'],
      [3, "Multi", "dave@example.com", "a.read", null, null, "two\r\nlines"],
      [6, "Third", "erin@example.com", "a.read", null, null, ""],
    ],
  );
});

test("CSV: header problems are line 1; row errors carry the row's first line", () => {
  assert.deepEqual(parseImportFile("name,owner,scope\nx,a@example.com,s").issues, [
    { line: 1, message: 'header: unknown column "scope" (known: name, owner, scopes, audiences, token_ttl, description, client_id, client_secret); missing column scopes' },
  ]);
  assert.match(parseImportFile("name,name,owner,scopes\n").issues[0]!.message, /"name" appear more than once/);
  const p = parseImportFile(['name,owner,scopes,description', 'a,a@example.com,s,"line', 'two"', "b,b@example.com", "c,c@example.com,s,d,extra", "d,d@example.com,,"].join("\n"));
  assert.deepEqual(p.records.map((r) => r.line), [2]);
  assert.deepEqual(p.issues, [
    { line: 4, message: "has 2 fields, the header has 4" },
    { line: 5, message: "has 5 fields, the header has 4" },
    { line: 6, field: "scopes", message: "scopes: is required" },
  ]);
});

test("CSV syntax errors name the line: an unclosed quote the line it opened on", () => {
  assert.deepEqual(parseImportFile('name,owner,scopes\na,b@example.com,s\n"open,b@example.com,s\nmore').issues, [{ line: 3, message: "CSV: a quoted field is never closed" }]);
  assert.deepEqual(parseImportFile('name,owner,scopes\nab"c,b@example.com,s').issues, [{ line: 2, message: "CSV: a quote inside an unquoted field (quote the whole field and double the quote)" }]);
  assert.throws(() => readCsv('a,"b"c'), (e: unknown) => e instanceof CsvSyntaxError && e.line === 1);
});

test("readCsv: LF and CRLF, trailing line break, empty cells, a lone empty line skipped", () => {
  assert.deepEqual(readCsv("a,b\r\n,\n\nc,\"\"\n"), [
    { line: 1, cells: ["a", "b"] },
    { line: 2, cells: ["", ""] },
    { line: 4, cells: ["c", ""] },
  ]);
});

test("an empty file, and one with only a header, say so; too many records are refused", () => {
  assert.deepEqual(parseImportFile("").issues, [{ line: 0, message: "the file is empty" }]);
  assert.deepEqual(parseImportFile("name,owner,scopes\n").issues, [{ line: 0, message: "the file holds no records" }]);
  assert.deepEqual(parseImportFile("\n\n").issues, [{ line: 0, message: "the file is empty" }]);
  const line = JSON.stringify({ name: "n", owner: "o@example.com", scopes: "s" });
  const p = parseImportFile(Array.from({ length: MAX_IMPORT_RECORDS + 1 }, () => line).join("\n"));
  assert.equal(p.total, MAX_IMPORT_RECORDS);
  assert.deepEqual(p.issues.at(-1), { line: 0, message: "more than 100,000 records; split the file" });
});

test("format detection: an object first means JSON Lines, anything else CSV", () => {
  assert.equal(detectImportFormat('\n  {"name":1}'), "jsonl");
  assert.equal(detectImportFormat("\ufeff{}"), "jsonl");
  assert.equal(detectImportFormat("name,owner"), "csv");
});
