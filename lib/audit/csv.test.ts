import { test } from "node:test";
import assert from "node:assert/strict";
import { csvCell, csvRow, neutraliseFormula } from "./csv";

test("RFC 4180 quoting: commas, quotes and line breaks are quoted, quotes doubled", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("line1\nline2"), '"line1\nline2"');
  assert.equal(csvCell("cr\rhere"), '"cr\rhere"');
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(12n), "12");
  assert.equal(csvCell(new Date("2026-11-23T10:00:00.000Z")), "2026-11-23T10:00:00.000Z");
  assert.equal(csvCell({ reason: "a,b" }), '"{""reason"":""a,b""}"');
  assert.equal(csvRow(["a", "b,c", null]), 'a,"b,c",\r\n');
});

test("formula injection: cells starting with = + - @ tab or CR become text", () => {
  for (const evil of ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]) {
    assert.ok(neutraliseFormula(evil).startsWith("'"), evil);
  }
  assert.equal(csvCell("=1+1"), "'=1+1");
  assert.equal(csvCell("=A1,B1"), `"'=A1,B1"`);
  assert.equal(neutraliseFormula("safe=1"), "safe=1");
  assert.equal(neutraliseFormula("a-b"), "a-b");
});
