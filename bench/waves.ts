import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailClients } from '../src/aws/clients.js';

/**
 * Round trips ("waves") a request makes to CloudTrail: calls that could not start before another
 * call answered. Under a round trip of 100 ms, a request that takes 3 waves waits 300 ms however few
 * calls it makes, so the wave count is the latency a client sees, measured without a clock.
 *
 * Each call of the gateway's SDK clients is recorded by an SDK middleware (the real client, sending
 * over HTTP): when it was sent and when it answered. A call's wave is one more than the latest wave
 * among the calls that had answered before it was sent. With a latency injected at the emulator,
 * calls of one wave are sent microseconds apart and answered tens of milliseconds later, so the
 * count does not depend on the machine's speed.
 */

export interface AwsCallSpan {
  operation: string;
  sentAt: number;
  answeredAt: number;
}

export interface AwsCallRecorder {
  spans(): AwsCallSpan[];
  reset(): void;
}

/** Records every call the gateway's clients send from now on, whatever the region. */
export function recordAwsCalls(clients: CloudTrailClients): AwsCallRecorder {
  let spans: AwsCallSpan[] = [];
  const instrumented = new WeakSet<CloudTrailClient>();
  const forRegion = clients.forRegion.bind(clients);
  clients.forRegion = (region) => {
    const client = forRegion(region);
    if (!instrumented.has(client)) {
      instrumented.add(client);
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const sentAt = performance.now();
          try {
            return await next(args);
          } finally {
            spans.push({ operation: String(context.commandName ?? '').replace(/Command$/, ''), sentAt, answeredAt: performance.now() });
          }
        },
        { step: 'initialize', name: 'recordAwsCallSpan', priority: 'high' },
      );
    }
    return client;
  };
  return {
    spans: () => [...spans],
    reset: () => {
      spans = [];
    },
  };
}

/** The wave of each call (1 for calls sent before any answered), in the order they were sent. */
export function wavesOf(spans: readonly AwsCallSpan[]): { operation: string; wave: number }[] {
  const sorted = [...spans].sort((a, b) => a.sentAt - b.sentAt);
  const waves: number[] = [];
  return sorted.map((span, k) => {
    let wave = 1;
    for (let j = 0; j < k; j += 1) {
      const before = sorted[j] as AwsCallSpan;
      if (before.answeredAt <= span.sentAt) wave = Math.max(wave, (waves[j] as number) + 1);
    }
    waves.push(wave);
    return { operation: span.operation, wave };
  });
}

/** How many waves the recorded calls took. */
export function waveCount(spans: readonly AwsCallSpan[]): number {
  return wavesOf(spans).reduce((most, { wave }) => Math.max(most, wave), 0);
}

/** The calls of each wave, e.g. `ListTrails | DescribeTrails GetTrailStatus ListTags`. */
export function describeWaves(spans: readonly AwsCallSpan[]): string {
  const byWave = new Map<number, Set<string>>();
  for (const { operation, wave } of wavesOf(spans)) byWave.set(wave, (byWave.get(wave) ?? new Set()).add(operation));
  return [...byWave.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, ops]) => [...ops].sort().join(' '))
    .join(' | ');
}
