import type {
  CloudTrailClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-cloudtrail';
import type { Command } from '@smithy/types';
import type { CloudTrailClients } from './clients.js';

/** The command objects CloudTrailClient.send accepts, with the output each resolves to. */
type CloudTrailCommand<Input extends ServiceInputTypes, Output extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  Input,
  ServiceOutputTypes,
  Output,
  CloudTrailClientResolvedConfig
>;

/**
 * The gateway's one way of calling CloudTrail during a request. It counts calls per operation,
 * so a response can report how many AWS calls it cost (extensions.awsCalls) and tests can assert
 * that batching keeps that number at its minimum.
 */
export class CloudTrailApi {
  private readonly counts = new Map<string, number>();

  constructor(private readonly clients: CloudTrailClients) {}

  async send<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
    command: CloudTrailCommand<Input, Output>,
    region?: string,
  ): Promise<Output> {
    const operation = command.constructor.name.replace(/Command$/, '');
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    return (await this.clients.forRegion(region).send(command)) as Output;
  }

  defaultRegion(): Promise<string> {
    return this.clients.defaultRegion();
  }

  /** AWS calls made so far, by operation name. */
  callCounts(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
