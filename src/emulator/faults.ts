import { CloudTrailError } from './errors.js';

/**
 * Fault injection for resilience tests. Set through EmulatorOptions.faults or the admin endpoint
 * (`PUT /_emulator/faults`), outside the CloudTrail protocol.
 */
export interface FaultRules {
  /** Make an operation (or every operation, `*`) fail with a modelled exception. */
  failures?: {
    operation: string;
    errorType: string;
    message?: string;
    /** Fail only this many times, then succeed; fail forever when absent. */
    times?: number;
    /**
     * Let this many matching requests succeed before failing, e.g. `after: 1` fails the second
     * page of a listing. Default 0: fail from the first matching request.
     */
    after?: number;
  }[];
  /** Added latency in milliseconds, by operation name or `*`. */
  latencyMs?: Record<string, number>;
  /** Requests per second allowed, by operation name or `*`; beyond it ThrottlingException. */
  tps?: Record<string, number>;
}

export class FaultInjector {
  private rules: FaultRules = {};
  private remaining = new Map<number, number>();
  /** Matching requests still to let through before each failure applies. */
  private passes = new Map<number, number>();
  /** Start times (ms) of recent requests per quota key, for a one-second sliding window. */
  private recent = new Map<string, number[]>();

  constructor(rules?: FaultRules) {
    if (rules) this.set(rules);
  }

  set(rules: FaultRules): void {
    this.rules = rules;
    this.remaining = new Map((rules.failures ?? []).map((f, i) => [i, f.times ?? Infinity]));
    this.passes = new Map((rules.failures ?? []).map((f, i) => [i, f.after ?? 0]));
    this.recent.clear();
  }

  get current(): FaultRules {
    return this.rules;
  }

  latencyFor(operation: string): number {
    const l = this.rules.latencyMs ?? {};
    return l[operation] ?? l['*'] ?? 0;
  }

  /**
   * Throws an injected failure naming this operation of another service than CloudTrail
   * (Organizations ListAccounts, Account Management ListRegions): `*` rules, latency and rate
   * limits stay CloudTrail's, so tests faulting every CloudTrail call leave these alone.
   */
  checkNamed(operation: string): void {
    this.injectedFailure(operation, false);
  }

  /** Throws the injected failure or ThrottlingException for this request, if any applies. */
  check(operation: string, nowMs: number): void {
    this.injectedFailure(operation, true);
    const tps = this.rules.tps ?? {};
    const key = operation in tps ? operation : '*' in tps ? '*' : undefined;
    if (key === undefined) return;
    const window = (this.recent.get(key) ?? []).filter((t) => nowMs - t < 1000);
    if (window.length >= tps[key]) {
      this.recent.set(key, window);
      throw new CloudTrailError('ThrottlingException', 'Rate exceeded');
    }
    window.push(nowMs);
    this.recent.set(key, window);
  }

  private injectedFailure(operation: string, wildcard: boolean): void {
    const failures = this.rules.failures ?? [];
    for (let i = 0; i < failures.length; i++) {
      const f = failures[i];
      if (f.operation !== operation && !(wildcard && f.operation === '*')) continue;
      const toPass = this.passes.get(i) ?? 0;
      if (toPass > 0) {
        this.passes.set(i, toPass - 1);
        continue;
      }
      const left = this.remaining.get(i) ?? 0;
      if (left <= 0) continue;
      this.remaining.set(i, left - 1);
      throw new CloudTrailError(f.errorType, f.message ?? `Injected fault for ${operation}.`);
    }
  }
}
