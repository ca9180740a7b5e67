import type { InsightNotice } from './insight-notices.js';

/**
 * One subscriber's notices, as the async iterator yoga streams to the client. Closing it (the
 * client went away: yoga calls `return()`) runs `onClose` once, whether or not it was ever read.
 * A subscriber that falls `maxQueued` notices behind is closed rather than buffered without end;
 * it resumes with the cursor of the last notice it got.
 */
export class NoticeStream implements AsyncIterableIterator<InsightNotice> {
  private readonly queue: InsightNotice[] = [];
  private waiting?: (result: IteratorResult<InsightNotice>) => void;
  private closed = false;

  constructor(
    private readonly onClose: () => void,
    private readonly maxQueued: number,
  ) {}

  push(notice: InsightNotice): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: notice, done: false });
      return;
    }
    this.queue.push(notice);
    if (this.queue.length > this.maxQueued) this.close();
  }

  next(): Promise<IteratorResult<InsightNotice>> {
    const notice = this.queue.shift();
    if (notice !== undefined) return Promise.resolve({ value: notice, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<InsightNotice>> {
    this.queue.length = 0;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<InsightNotice> {
    return this;
  }
}
