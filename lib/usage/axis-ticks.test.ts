import { test } from "node:test";
import assert from "node:assert/strict";
import { axisTicks } from "./axis-ticks";

test("an empty chart reads 0 / 1 / 2", () => {
  assert.deepEqual(axisTicks(0), [0, 1, 2]);
  assert.deepEqual(axisTicks(Number.NaN), [0, 1, 2]);
  assert.deepEqual(axisTicks(-3), [0, 1, 2]);
});

test("small counts get one tick per token", () => {
  assert.deepEqual(axisTicks(1), [0, 1, 2]);
  assert.deepEqual(axisTicks(3), [0, 1, 2, 3]);
  assert.deepEqual(axisTicks(4), [0, 1, 2, 3, 4]);
});

test("larger counts step by 1, 2 or 5 × 10^k, and the top tick covers the maximum", () => {
  assert.deepEqual(axisTicks(5), [0, 2, 4, 6]);
  assert.deepEqual(axisTicks(17), [0, 5, 10, 15, 20]);
  assert.deepEqual(axisTicks(1234), [0, 500, 1000, 1500]);
  assert.deepEqual(axisTicks(2_000_000), [0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
});

test("every tick is a whole number, at most 5 of them, the last ≥ the maximum", () => {
  for (let max = 0; max <= 5000; max += 7) {
    const ticks = axisTicks(max);
    assert.ok(ticks.length >= 3 && ticks.length <= 5, `${max}: ${ticks.join(",")}`);
    assert.ok(ticks.every(Number.isInteger), `${max}: ${ticks.join(",")}`);
    assert.equal(ticks[0], 0);
    assert.ok(ticks.at(-1)! >= max, `${max}: ${ticks.join(",")}`);
  }
});
