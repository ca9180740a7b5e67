import { CloudTrailClient, type CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';

/** How the gateway reaches CloudTrail: real AWS (SDK default chains) or any compatible endpoint. */
export interface CloudTrailConnection {
  /** Absent: the SDK resolves the AWS endpoint for the region. */
  endpoint?: string;
  /** Region for requests that name none. Absent: the SDK's default region chain. */
  defaultRegion?: string;
  /** Static credentials, for emulators that need none real. Absent: the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

/**
 * One CloudTrailClient per region, created on first use and reused for the life of the process:
 * clients hold connection pools and resolved credentials, so creating one per request wastes both.
 */
export class CloudTrailClients {
  private readonly byRegion = new Map<string, CloudTrailClient>();
  private defaultClient?: CloudTrailClient;

  constructor(readonly connection: CloudTrailConnection) {}

  forRegion(region?: string): CloudTrailClient {
    const wanted = region ?? this.connection.defaultRegion;
    if (wanted === undefined) {
      this.defaultClient ??= new CloudTrailClient(this.clientConfig(undefined));
      return this.defaultClient;
    }
    let client = this.byRegion.get(wanted);
    if (!client) {
      client = new CloudTrailClient(this.clientConfig(wanted));
      this.byRegion.set(wanted, client);
    }
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

  private clientConfig(region: string | undefined): CloudTrailClientConfig {
    const config: CloudTrailClientConfig = { maxAttempts: this.connection.maxAttempts ?? 3 };
    if (region) config.region = region;
    if (this.connection.endpoint) config.endpoint = this.connection.endpoint;
    if (this.connection.credentials) config.credentials = this.connection.credentials;
    return config;
  }
}
