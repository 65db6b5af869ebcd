// Durations as people write them: "90s", "15m", "24h", "7d", or plain seconds.

/** "90d", "72h", "30m", "45s" or "3600" → seconds (0 allowed); null when malformed. */
export function parseDuration(input: string): number | null {
  const m = /^\s*(\d{1,9})\s*([smhd]?)\s*$/.exec(input);
  if (!m) return null;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}
