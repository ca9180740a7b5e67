import type { CloudTrailEventRecord } from '../store.js';

/**
 * The emulator's rule for unusual activity, applied to each per-minute series (counts c(m) per
 * epoch minute m). CloudTrail does not publish its model; this one follows the User Guide's
 * description (a baseline of normal activity, Insights on significant deviation from it):
 *
 * - History starts at H, the minute of the earliest event ingested for the region.
 * - Baseline of minute m: the window [max(H, m - 7 days), m), at least 10 minutes long, else no
 *   Insight can start at m. mean = sum(c) / L and sd = sqrt(sum(c^2) / L - mean^2) over the L
 *   minutes of the window, zeros included.
 * - Minute m is unusual when c(m) >= 10 (so a flat zero baseline with a few calls does not fire)
 *   and c(m) > mean + 3 sd.
 * - An Insight starts at an unusual minute and lasts while the following minutes are unusual
 *   against that same baseline; it ends at the start of the first minute that is not. The scan
 *   resumes there.
 * - Only Insights that have ended by now are reported.
 */
export const BASELINE_MAX_MINUTES = 7 * 24 * 60;
export const BASELINE_MIN_MINUTES = 10;
export const INSIGHT_MIN_COUNT = 10;
export const INSIGHT_SIGMAS = 3;

export interface DetectedInsight {
  startMinute: number;
  /** Exclusive: the first minute after the Insight. */
  endMinute: number;
  baselineStartMinute: number;
  baselineMinutes: number;
  baselineAverage: number;
  firstMinuteCount: number;
  insightAverage: number;
  insightEvents: CloudTrailEventRecord[];
  baselineEvents: CloudTrailEventRecord[];
}

const minuteOf = (e: CloudTrailEventRecord) => Math.floor(e.eventTime.getTime() / 60_000);

/** First index in sorted `values` whose value is >= x. */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function detectInsights(
  events: readonly CloudTrailEventRecord[],
  historyStartMinute: number,
  nowMinute: number,
): DetectedInsight[] {
  const byMinute = new Map<number, CloudTrailEventRecord[]>();
  for (const e of events) {
    const m = minuteOf(e);
    const list = byMinute.get(m);
    if (list) list.push(e);
    else byMinute.set(m, [e]);
  }
  const minutes = [...byMinute.keys()].sort((a, b) => a - b);
  const count = (m: number) => byMinute.get(m)?.length ?? 0;
  // Prefix sums over the non-zero minutes: sums over a window are two lookups.
  const sum = [0];
  const sumSquares = [0];
  for (const m of minutes) {
    const c = count(m);
    sum.push(sum[sum.length - 1] + c);
    sumSquares.push(sumSquares[sumSquares.length - 1] + c * c);
  }

  const found: DetectedInsight[] = [];
  let resumeAt = -Infinity;
  for (let i = 0; i < minutes.length; i++) {
    const m = minutes[i];
    if (m < resumeAt) continue;
    const windowStart = Math.max(historyStartMinute, m - BASELINE_MAX_MINUTES);
    const length = m - windowStart;
    if (length < BASELINE_MIN_MINUTES) continue;
    const from = lowerBound(minutes, windowStart);
    const windowSum = sum[i] - sum[from];
    const mean = windowSum / length;
    const sd = Math.sqrt(Math.max(0, (sumSquares[i] - sumSquares[from]) / length - mean * mean));
    const unusual = (c: number) => c >= INSIGHT_MIN_COUNT && c > mean + INSIGHT_SIGMAS * sd;
    if (!unusual(count(m))) continue;
    let end = m;
    while (unusual(count(end))) end++;
    if (end > nowMinute) break;
    const insightEvents: CloudTrailEventRecord[] = [];
    for (let x = m; x < end; x++) insightEvents.push(...(byMinute.get(x) ?? []));
    const baselineEvents = minutes.slice(from, i).flatMap((x) => byMinute.get(x) ?? []);
    found.push({
      startMinute: m,
      endMinute: end,
      baselineStartMinute: windowStart,
      baselineMinutes: length,
      baselineAverage: mean,
      firstMinuteCount: count(m),
      insightAverage: insightEvents.length / (end - m),
      insightEvents,
      baselineEvents,
    });
    resumeAt = end;
  }
  return found;
}
