import type { FleetRedis } from './redis.js';

/**
 * Where merged (`scope`) cursors too long to hand to a client are kept, under a short reference.
 * A cursor carries every shard's NextToken; AWS's tokens are around a hundred characters each and
 * do not compress, so a cursor over hundreds of account-Regions is tens of kilobytes, more than a
 * client may send back (MAX_INPUT_STRING_LENGTH). The gateway keeps those and gives out
 * `ref.<digest of the cursor>` instead: in Redis when replicas share one (any replica resumes it),
 * else in this process (a bounded, expiring map).
 */
export interface CursorStore {
  put(key: string, cursor: string): Promise<void>;
  /** The cursor kept under `key`, or undefined when it expired or was never kept here. */
  get(key: string): Promise<string | undefined>;
}

/** How long a kept cursor resumes: long enough for a person paging a dashboard. */
export const CURSOR_TTL_MS = 60 * 60_000;

/** In-process: at most `maxChars` characters of cursors, the oldest dropped first, each for CURSOR_TTL_MS. */
export class MemoryCursorStore implements CursorStore {
  private readonly entries = new Map<string, { cursor: string; expiresAt: number }>();
  private chars = 0;

  constructor(
    private readonly maxChars = 16 * 1024 * 1024,
    private readonly now: () => number = () => Date.now(),
  ) {}

  put(key: string, cursor: string): Promise<void> {
    this.delete(key);
    if (cursor.length > this.maxChars) return Promise.resolve();
    this.entries.set(key, { cursor, expiresAt: this.now() + CURSOR_TTL_MS });
    this.chars += cursor.length;
    for (const [oldest] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.delete(oldest);
    }
    return Promise.resolve();
  }

  get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(undefined);
    if (entry.expiresAt <= this.now()) {
      this.delete(key);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(entry.cursor);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.cursor.length;
  }
}

/** Shared by the replicas through Redis; while Redis is down, this process's own map. */
export class RedisCursorStore implements CursorStore {
  private readonly local = new MemoryCursorStore();

  constructor(private readonly redis: FleetRedis) {}

  async put(key: string, cursor: string): Promise<void> {
    await this.local.put(key, cursor);
    if (!this.redis.available) return;
    try {
      await this.redis.client.set(`ctig:cursor:${key}`, cursor, 'PX', CURSOR_TTL_MS);
    } catch {
      // Kept locally: this replica still resumes it.
    }
  }

  async get(key: string): Promise<string | undefined> {
    const local = await this.local.get(key);
    if (local !== undefined || !this.redis.available) return local;
    try {
      return (await this.redis.client.get(`ctig:cursor:${key}`)) ?? undefined;
    } catch {
      return undefined;
    }
  }
}
