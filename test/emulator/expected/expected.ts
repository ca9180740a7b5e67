import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Expected values computed independently of the emulator: `compute-expected.py` (Python standard
 * library) reads the raw log files and applies the documented rules.
 */
const SCRIPT = fileURLToPath(new URL('./compute-expected.py', import.meta.url));

/** period ("60" | "300" | "3600") -> ISO timestamp -> count */
export type SeriesPoints = Record<string, Record<string, number>>;

export interface ExpectedAttribution {
  value: string;
  average: number;
}

export interface ExpectedInsight {
  region: string;
  eventSource: string;
  eventName: string;
  insightType: 'ApiCallRateInsight' | 'ApiErrorRateInsight';
  errorCode: string | null;
  start: string;
  end: string;
  baselineAverage: number;
  firstMinuteAverage: number;
  insightAverage: number;
  insightDuration: number;
  baselineDuration: number;
  attributions: Record<string, { insight: ExpectedAttribution[]; baseline: ExpectedAttribution[] }>;
}

export interface Expected {
  deliveries: number;
  uniqueEvents: number;
  managementEvents: number;
  firstEventTime: string;
  lastEventTime: string;
  series: {
    /** key: "region|eventSource|eventName" */
    ApiCallRateInsight: Record<string, SeriesPoints>;
    /** key: "region|eventSource|eventName|errorCode" */
    ApiErrorRateInsight: Record<string, SeriesPoints>;
  };
  insights: ExpectedInsight[];
  lookup: Record<string, { count: number; newestFirst: string[]; counts: Record<string, Record<string, number>> }>;
}

export function computeExpected(paths: readonly string[]): Expected {
  const out = execFileSync('python3', [SCRIPT, ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as Expected;
}
