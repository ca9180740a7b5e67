import { Redis, type RedisOptions } from 'ioredis';

/**
 * The fleet's one Redis connection (REDIS_URL): what replicas of the gateway share (the read cache,
 * single-flight leases, the CloudTrail quota buckets). Redis is an optimisation, never a dependency
 * of a request: while it is unreachable every command fails at once (no offline queue, a short
 * command timeout), callers fall back to what one process can do alone, `/readyz` says
 * `degraded`, and ioredis keeps reconnecting in the background.
 */

export type FleetRedisState = 'ready' | 'degraded';

export interface FleetRedisOptions {
  /** How long one Redis command may take before the caller falls back. Default 500 ms. */
  commandTimeoutMs?: number;
  /** Where transitions are reported (down, back). Default: console. */
  log?: (level: 'warn' | 'info', message: string) => void;
}

/** Longest pause between reconnection attempts: a recovered Redis is used again within this. */
const MAX_RECONNECT_DELAY_MS = 1000;

const consoleLog = (level: 'warn' | 'info', message: string): void => {
  if (level === 'warn') console.warn(message);
  else console.log(message);
};

export class FleetRedis {
  /** Commands: reads, writes, scripts, publishes. */
  readonly client: Redis;
  private subscriberClient?: Redis;
  private degradedSince: number | undefined;
  private everReady = false;
  private readonly recoveryListeners: (() => void)[] = [];
  private readonly log: NonNullable<FleetRedisOptions['log']>;
  private closed = false;

  constructor(
    readonly url: string,
    options: FleetRedisOptions = {},
  ) {
    this.log = options.log ?? consoleLog;
    this.client = new Redis(url, FleetRedis.connectionOptions(options));
    // Until the first connection is up the fleet is degraded: requests must not wait for Redis.
    this.degradedSince = Date.now();
    this.client.on('ready', () => this.markReady());
    this.client.on('error', (error: Error) => this.markDegraded(error.message));
    this.client.on('close', () => this.markDegraded('connection closed'));
  }

  private static connectionOptions(options: FleetRedisOptions): RedisOptions {
    return {
      // A command sent while disconnected fails at once instead of queueing behind the outage.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      connectTimeout: 2000,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      lazyConnect: false,
    };
  }

  /** `ready` when commands reach Redis, `degraded` while each replica works alone. */
  get state(): FleetRedisState {
    return this.client.status === 'ready' ? 'ready' : 'degraded';
  }

  get available(): boolean {
    return this.client.status === 'ready';
  }

  /** Resolves when the first connection is up, or after `timeoutMs` (then the fleet starts degraded). */
  async waitUntilReady(timeoutMs: number): Promise<FleetRedisState> {
    if (this.available) return 'ready';
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.client.once('ready', done);
    });
    return this.state;
  }

  /**
   * A second connection for SUBSCRIBE (a subscribed connection can run no other command),
   * created on first use; ioredis subscribes again after each reconnection.
   */
  subscriber(): Redis {
    if (!this.subscriberClient) {
      // SUBSCRIBE waits, however long, until this connection is up (unlike commands, it never holds a request).
      this.subscriberClient = this.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      this.subscriberClient.on('error', () => {
        // Reported through the command connection's state; the subscriber reconnects on its own.
      });
    }
    return this.subscriberClient;
  }

  /** Called each time Redis is back after an outage (not on the first connection). */
  onRecovery(listener: () => void): void {
    this.recoveryListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.disconnect();
    this.subscriberClient?.disconnect();
  }

  private markReady(): void {
    const wasDown = this.degradedSince;
    this.degradedSince = undefined;
    if (wasDown === undefined) return;
    if (this.everReady) {
      this.log('info', `Redis at ${this.displayUrl} is back after ${Math.round((Date.now() - wasDown) / 1000)} s: the fleet shares its cache and CloudTrail quotas again`);
      for (const listener of this.recoveryListeners) listener();
    }
    this.everReady = true;
  }

  private markDegraded(reason: string): void {
    if (this.closed || this.degradedSince !== undefined) return;
    this.degradedSince = Date.now();
    this.log(
      'warn',
      `WARNING: Redis at ${this.displayUrl} unavailable (${reason}): this replica caches and spends CloudTrail quotas on its own until it is back; /readyz says degraded`,
    );
  }

  /** The URL without its password, for logs. */
  get displayUrl(): string {
    try {
      const url = new URL(this.url);
      if (url.password) url.password = '***';
      return url.toString();
    } catch {
      return 'REDIS_URL';
    }
  }
}
