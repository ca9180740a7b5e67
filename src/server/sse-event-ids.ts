import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * SSE event ids for live notices. Yoga's SSE writes `event: next` and `data:` lines; this adds an
 * `id:` line carrying the notice's feed cursor, so a browser's EventSource sends it back as
 * `Last-Event-ID` when it reconnects, and the subscription resumes after it. The cursor is recorded
 * by the subscription's resolver on the request's holder (see liveCursorHolderFor), and written
 * through the result's own serializer (`stringify`), which yoga's SSE processor calls.
 */

export interface LiveCursorHolder {
  current?: string;
}

const holders = new WeakMap<Request, LiveCursorHolder>();

/** The holder a request's subscription resolver writes each notice's cursor to. */
export function liveCursorHolderFor(request: Request): LiveCursorHolder {
  let holder = holders.get(request);
  if (!holder) {
    holder = {};
    holders.set(request, holder);
  }
  return holder;
}

type StreamedResult = Record<string, unknown> & { stringify?: (result: unknown) => string };

function withEventIds(source: AsyncIterable<StreamedResult>, holder: LiveCursorHolder): AsyncIterableIterator<StreamedResult> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    async next() {
      const step = await iterator.next();
      if (step.done) return step;
      // Read right after the resolver ran for this notice, before the next one resolves.
      const id = holder.current;
      holder.current = undefined;
      if (id === undefined) return step;
      return { done: false, value: { ...step.value, stringify: (result: unknown) => `${JSON.stringify(result)}\nid: ${id}` } };
    },
    async return() {
      return (await iterator.return?.()) ?? { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export function useSseEventIds(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      const holder = holders.get(request);
      if (!holder || !isAsyncIterable(result)) return;
      if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) return;
      setResult(withEventIds(result as AsyncIterable<StreamedResult>, holder));
    },
  };
}
