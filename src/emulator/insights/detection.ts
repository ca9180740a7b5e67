import { lowerBound } from '../events/minute-series.js';

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
}

/**
 * Every Insight of a series, from its per-minute counts (`minutes` ascending, the minutes that have
 * events; `counts` their counts). Which of them a request sees depends on its time (`endedBy`), so
 * this result depends on the counts alone and can be kept until they change.
 */
export function detectInsights(
  series: { minutes: readonly number[]; counts: readonly number[] },
  historyStartMinute: number,
): DetectedInsight[] {
  const { minutes, counts } = series;
  const countAt = new Map<number, number>();
  for (let k = 0; k < minutes.length; k++) countAt.set(minutes[k], counts[k]);
  const count = (m: number) => countAt.get(m) ?? 0;
  // Prefix sums over the non-zero minutes: sums over a window are two lookups.
  const sum = [0];
  const sumSquares = [0];
  for (const c of counts) {
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
    let insightCount = 0;
    while (unusual(count(end))) insightCount += count(end++);
    found.push({
      startMinute: m,
      endMinute: end,
      baselineStartMinute: windowStart,
      baselineMinutes: length,
      baselineAverage: mean,
      firstMinuteCount: count(m),
      insightAverage: insightCount / (end - m),
    });
    resumeAt = end;
  }
  return found;
}

/**
 * How many of `insights` a request at `nowMinute` sees: those that have ended by then, up to the
 * first that has not (the scan that finds them cannot go past an Insight still running).
 */
export function endedBy(insights: readonly DetectedInsight[], nowMinute: number): number {
  const firstOpen = insights.findIndex((insight) => insight.endMinute > nowMinute);
  return firstOpen === -1 ? insights.length : firstOpen;
}
