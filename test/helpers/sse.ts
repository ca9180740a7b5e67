import { expect } from 'vitest';

/**
 * A small client for GraphQL over server-sent events, as a browser's EventSource or a plain
 * `fetch` reads them: POST the operation with `Accept: text/event-stream` and parse `event:`,
 * `id:` and `data:` lines from the streamed body.
 */

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

export interface SseSubscription {
  /** HTTP status of the response. */
  status: number;
  /** Every message so far, in order (pings excluded). */
  messages: SseMessage[];
  /** `next` payloads parsed as JSON. */
  results(): { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  /** Resolves once `count` results arrived (rejects after `timeoutMs`). */
  waitForResults(count: number, timeoutMs?: number): Promise<void>;
  /** True once the server closed the stream. */
  ended(): boolean;
  close(): void;
}

export async function subscribeOverSse(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<SseSubscription> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const messages: SseMessage[] = [];
  const waiters: (() => void)[] = [];
  let finished = false;
  const notify = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  const results = () => messages.filter((m) => m.event === 'next').map((m) => JSON.parse(m.data) as ReturnType<SseSubscription['results']>[number]);
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { event: 'message', data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line === '') continue;
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') message.event = value;
            else if (field === 'id') message.id = value;
            else if (field === 'data') data.push(value);
          }
          if (data.length === 0 && message.event === 'message') continue;
          message.data = data.join('\n');
          messages.push(message);
          notify();
        }
      }
    } catch {
      // Aborted by close(), or the server went away.
    }
    finished = true;
    notify();
  })();
  return {
    status: response.status,
    messages,
    results,
    ended: () => finished,
    close: () => abort.abort(),
    waitForResults(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} results, got ${results().length}: ${JSON.stringify(messages)}`)), timeoutMs);
        const check = () => {
          if (results().length >= count) {
            clearTimeout(timer);
            resolve();
          } else if (finished) {
            clearTimeout(timer);
            reject(new Error(`stream ended after ${results().length} of ${count} results: ${JSON.stringify(messages)}`));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
  };
}

/** Polls `condition` until it holds (rejects after `timeoutMs`). */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The payload of each result so far (the value of its one root field), in order; a result with errors fails the test. */
export function subscriptionPayloads<T>(stream: SseSubscription): T[] {
  return stream.results().map((r) => {
    expect(r.errors).toBeUndefined();
    return Object.values(r.data ?? {})[0] as T;
  });
}
