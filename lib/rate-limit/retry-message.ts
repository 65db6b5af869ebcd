// "Try again in 12 minutes." — the wait a refused person is told, rounded up to a unit they read
// at a glance (Retry-After itself stays exact, in seconds).
export function describeWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return s === 1 ? "1 second" : `${s} seconds`;
  const m = Math.ceil(s / 60);
  if (m < 60) return m === 1 ? "1 minute" : `${m} minutes`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const hours = h === 1 ? "1 hour" : `${h} hours`;
  return rest === 0 ? hours : `${hours} ${rest === 1 ? "1 minute" : `${rest} minutes`}`;
}

export function tryAgainIn(seconds: number): string {
  return `Try again in ${describeWait(seconds)}.`;
}
