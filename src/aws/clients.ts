import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-cloudtrail';
import type { MiddlewareStack } from '@smithy/types';

/**
 * Adds middleware to a client's stack (metrics and spans per AWS call, src/observability/), given the
 * region the client is for (undefined: the SDK's default chain). Called once per client, at creation.
 */
export type ClientInstrumentation = (
  stack: MiddlewareStack<ServiceInputTypes, ServiceOutputTypes>,
  region: string | undefined,
) => void;

/** How the gateway reaches CloudTrail: real AWS (SDK default chains) or any compatible endpoint. */
export interface CloudTrailConnection {
  /** Absent: the SDK resolves the AWS endpoint for the region. */
  endpoint?: string;
  /** Region for requests that name none. Absent: the SDK's default region chain. */
  defaultRegion?: string;
  /**
   * Static credentials, for emulators that need none real, or a provider (a role's temporary
   * credentials). Absent: the SDK's default credential chain.
   */
  credentials?: CloudTrailClientConfig['credentials'];
  maxAttempts?: number;
  /** Most connections open at once per region client (default DEFAULT_MAX_SOCKETS_PER_REGION); more calls queue. */
  maxSockets?: number;
  /** Keep idle connections open for the next call (default true); false opens one per call. */
  keepAlive?: boolean;
}

/**
 * Sockets per region client (AWS_MAX_SOCKETS). The widest wave of one request is a trails page of
 * up to 100 trails: 100 GetTrailStatus calls, a few ListTags and DescribeTrails, all sent at once.
 * With the SDK's default of 50, half of them would queue behind the other half: a second round trip.
 */
export const DEFAULT_MAX_SOCKETS_PER_REGION = 128;

/**
 * Idle sockets are kept alive by default (AWS_KEEP_ALIVE): HTTPS handshakes cost more than the
 * calls themselves. The agent's own timeout closes them.
 */
export const DEFAULT_KEEP_ALIVE = true;

/**
 * One CloudTrailClient per region, created on first use and reused for the life of the process:
 * clients hold connection pools and resolved credentials, so creating one per request wastes both.
 */
export class CloudTrailClients {
  private readonly byRegion = new Map<string, CloudTrailClient>();
  private defaultClient?: CloudTrailClient;
  private instrumentation?: ClientInstrumentation;
  private readonly throttleListeners: ((operation: string, region: string) => void)[] = [];

  constructor(readonly connection: CloudTrailConnection) {}

  /**
   * Instruments every client, those made so far and those made later. Middleware is added by name
   * with override, so instrumenting again (a second gateway over the same clients) replaces it.
   */
  instrument(instrumentation: ClientInstrumentation): void {
    this.instrumentation = instrumentation;
    if (this.defaultClient) instrumentation(this.defaultClient.middlewareStack, this.connection.defaultRegion);
    for (const [region, client] of this.byRegion) instrumentation(client.middlewareStack, region);
  }

  forRegion(region?: string): CloudTrailClient {
    const wanted = region ?? this.connection.defaultRegion;
    if (wanted === undefined) {
      this.defaultClient ??= this.createClient(undefined);
      return this.defaultClient;
    }
    let client = this.byRegion.get(wanted);
    if (!client) {
      client = this.createClient(wanted);
      this.byRegion.set(wanted, client);
    }
    return client;
  }

  /**
   * `listener` hears of every ThrottlingException CloudTrail answers, each attempt included: the
   * SDK retries throttled calls by itself, and those retries must slow the quota buckets down too.
   */
  observeThrottles(listener: (operation: string, region: string) => void): void {
    this.throttleListeners.push(listener);
  }

  /** Inside the SDK's retry loop (the deserialize step runs once per attempt), reports throttled attempts. */
  private observed(client: CloudTrailClient): CloudTrailClient {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if ((error as { name?: unknown }).name === 'ThrottlingException' && this.throttleListeners.length > 0) {
            const operation = (context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
            const region = await client.config.region();
            for (const listener of this.throttleListeners) listener(operation, region);
          }
          throw error;
        }
      },
      { step: 'deserialize', priority: 'high', name: 'reportThrottlingMiddleware' },
    );
    return client;
  }

  /** The region requests go to when none is named, as the SDK resolves it. */
  async defaultRegion(): Promise<string> {
    if (this.connection.defaultRegion) return this.connection.defaultRegion;
    return this.forRegion().config.region();
  }

  destroy(): void {
    for (const client of this.byRegion.values()) client.destroy();
    this.defaultClient?.destroy();
  }

  private createClient(region: string | undefined): CloudTrailClient {
    const client = this.observed(new CloudTrailClient(this.clientConfig(region)));
    this.instrumentation?.(client.middlewareStack, region);
    return client;
  }

  private clientConfig(region: string | undefined): CloudTrailClientConfig {
    const agent = {
      keepAlive: this.connection.keepAlive ?? DEFAULT_KEEP_ALIVE,
      maxSockets: this.connection.maxSockets ?? DEFAULT_MAX_SOCKETS_PER_REGION,
    };
    const config: CloudTrailClientConfig = {
      maxAttempts: this.connection.maxAttempts ?? 3,
      // Agent options, not agents: the SDK's NodeHttpHandler creates and owns them, and destroy() closes them.
      requestHandler: { httpAgent: agent, httpsAgent: agent },
    };
    if (region) config.region = region;
    if (this.connection.endpoint) config.endpoint = this.connection.endpoint;
    if (this.connection.credentials) config.credentials = this.connection.credentials;
    return config;
  }
}
