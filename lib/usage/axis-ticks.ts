// Y-axis ticks for the usage charts: whole numbers only (tokens are counted, never halved), evenly
// spaced on a 1-2-5 step, from 0 to the first tick at or above the largest value. An empty chart
// reads 0 / 1 / 2 rather than 0 / 2.5 (shown as "3") / 5.

/** At most this many intervals above 0. */
const MAX_INTERVALS = 4;
/** At least this many, so an empty or tiny series still gets a readable scale. */
const MIN_INTERVALS = 2;

export function axisTicks(maxValue: number): number[] {
  const max = Number.isFinite(maxValue) && maxValue > 0 ? maxValue : 0;
  const step = niceStep(max / MAX_INTERVALS);
  const intervals = Math.max(MIN_INTERVALS, Math.ceil(max / step));
  return Array.from({ length: intervals + 1 }, (_, i) => i * step);
}

/** The smallest 1, 2 or 5 × 10^k (k ≥ 0) that is at least `raw`. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5]) if (m * p >= raw) return m * p;
  return 10 * p;
}
