import { describe, expect, it } from 'vitest';
import { ReadCache, canonicalRequestKey } from '../../src/aws/read-cache.js';

/** A clock the test moves by hand, so TTLs are checked without waiting. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function counter() {
  let calls = 0;
  return {
    read: async (value: string) => {
      calls += 1;
      return value;
    },
    get calls() {
      return calls;
    },
  };
}

describe('ReadCache', () => {
  it('serves an answer again within its TTL and reads afresh after it', async () => {
    const clock = manualClock();
    const cache = new ReadCache({ ttlMs: 1000, maxEntries: 10 }, clock.now);
    const source = counter();
    expect(await cache.through('a', () => source.read('first'))).toBe('first');
    clock.advance(999);
    expect(await cache.through('a', () => source.read('second'))).toBe('first');
    clock.advance(1);
    expect(await cache.through('a', () => source.read('third'))).toBe('third');
    expect(source.calls).toBe(2);
  });

  it('never keeps a failure: the next read calls again', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 10 });
    await expect(cache.through('a', () => Promise.reject(new Error('Rate exceeded')))).rejects.toThrow('Rate exceeded');
    expect(cache.size).toBe(0);
    expect(await cache.through('a', async () => 'ok')).toBe('ok');
  });

  it('shares one read between callers that ask while it is in flight', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 10 });
    const source = counter();
    const answers = await Promise.all([1, 2, 3].map(() => cache.through('a', () => source.read('x'))));
    expect(answers).toEqual(['x', 'x', 'x']);
    expect(source.calls).toBe(1);
  });

  it('keeps at most maxEntries answers, dropping the least recently used', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 2 });
    const source = counter();
    await cache.through('a', () => source.read('a'));
    await cache.through('b', () => source.read('b'));
    await cache.through('a', () => source.read('a'));
    await cache.through('c', () => source.read('c'));
    expect(cache.size).toBe(2);
    expect(source.calls).toBe(3);
    await cache.through('a', () => source.read('a'));
    expect(source.calls).toBe(3);
    await cache.through('b', () => source.read('b'));
    expect(source.calls).toBe(4);
  });

  it('with a TTL of 0 it caches nothing', async () => {
    const cache = new ReadCache({ ttlMs: 0, maxEntries: 10 });
    const source = counter();
    await cache.through('a', () => source.read('a'));
    await cache.through('a', () => source.read('a'));
    expect(source.calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxBytes of answers (their JSON), dropping the least recently used, and never one larger than that', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 100, maxBytes: 250 });
    const answer = (fill: string) => ({ Values: [fill.repeat(80)] }); // 95 bytes of JSON
    const sizeOfAnswer = JSON.stringify(answer('a')).length;
    await cache.through('a', async () => answer('a'));
    await cache.through('b', async () => answer('b'));
    expect(cache.bytes).toBe(2 * sizeOfAnswer);
    await cache.through('a', async () => answer('x')); // a is now the most recently used
    await cache.through('c', async () => answer('c'));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(2 * sizeOfAnswer);
    const source = counter();
    expect(await cache.through('a', () => source.read('fresh'))).toEqual(answer('a'));
    expect(await cache.through('b', () => source.read('fresh'))).toBe('fresh');
    expect(source.calls).toBe(1);

    const huge = { Values: ['z'.repeat(300)] };
    expect(await cache.through('huge', async () => huge)).toBe(huge);
    expect(await cache.through('huge', async () => 'read again')).toBe('read again');
    cache.clear();
    expect(cache.bytes).toBe(0);
  });

  it('drops expired answers on a timer, without being asked for them again', async () => {
    const clock = manualClock();
    const cache = new ReadCache({ ttlMs: 1000, maxEntries: 10, sweepIntervalMs: 5 }, clock.now);
    await cache.through('a', async () => 'x'.repeat(100));
    await cache.through('b', async () => 'y');
    expect(cache.size).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(cache.size).toBe(2);
    clock.advance(1000);
    await expect.poll(() => cache.size, { timeout: 2000, interval: 5 }).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});

describe('canonicalRequestKey', () => {
  it('is the same for equal requests whatever the order of their members, and drops absent ones', () => {
    const at = new Date('2023-07-10T12:00:00Z');
    expect(canonicalRequestKey({ b: 1, a: at, c: undefined, d: null })).toBe(canonicalRequestKey({ a: new Date(at), b: 1 }));
    expect(canonicalRequestKey({ a: [{ y: 1, x: 2 }] })).toBe(canonicalRequestKey({ a: [{ x: 2, y: 1 }] }));
    expect(canonicalRequestKey({ a: 1 })).not.toBe(canonicalRequestKey({ a: '1' }));
  });
});
