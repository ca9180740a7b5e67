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

/** The default of MAX_AWS_CALLS_PER_REQUEST: the trails overview at its largest page needs about 210. */
export const DEFAULT_MAX_AWS_CALLS_PER_REQUEST = 500;

/**
 * Refused before the call that would pass the per-request budget. The query's cost estimate is
 * checked before execution, but it cannot see every way a query multiplies calls (page sizes given
 * as variables, aliases, pages CloudTrail fills sparsely); this bound holds whatever the query says.
 */
export class AwsCallBudgetExceededError extends Error {
  override readonly name = 'AwsCallBudgetExceededError';
  readonly code = 'AWS_CALL_BUDGET_EXCEEDED';

  constructor(readonly budget: number) {
    super(
      `This request needs more than ${budget} CloudTrail calls, the gateway's limit per request. Ask for fewer items (\`first\`) or fields, or split the query.`,
    );
  }
}

/**
 * CloudTrail's read operations. Loaders already batch and de-duplicate most reads; this catches the
 * rest (the same connection page under several aliases, the same page read by two fields), so
 * repeating a read in one query never multiplies AWS calls.
 */
const READ_OPERATION = /^(List|Get|Describe|Lookup)/;

/**
 * The gateway's one way of calling CloudTrail during a request. It counts calls per operation,
 * so a response can report how many AWS calls it cost (extensions.awsCalls) and tests can assert
 * that batching keeps that number at its minimum, and it refuses calls past the request's budget.
 */
export class CloudTrailApi {
  private readonly counts = new Map<string, number>();
  private total = 0;
  /** Reads made in this request, by region, operation and input: the same read twice is one call. */
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clients: CloudTrailClients,
    private readonly maxCalls = DEFAULT_MAX_AWS_CALLS_PER_REQUEST,
  ) {}

  async send<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
    command: CloudTrailCommand<Input, Output>,
    region?: string,
  ): Promise<Output> {
    const operation = command.constructor.name.replace(/Command$/, '');
    if (!READ_OPERATION.test(operation)) {
      // A change makes earlier reads stale; what the request reads after it comes from AWS again.
      this.reads.clear();
      return this.call(operation, command, region);
    }
    const key = `${region ?? ''} ${operation} ${JSON.stringify(command.input)}`;
    let read = this.reads.get(key) as Promise<Output> | undefined;
    if (read === undefined) {
      read = this.call(operation, command, region);
      this.reads.set(key, read);
    }
    return read;
  }

  private async call<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
    operation: string,
    command: CloudTrailCommand<Input, Output>,
    region: string | undefined,
  ): Promise<Output> {
    if (this.total >= this.maxCalls) throw new AwsCallBudgetExceededError(this.maxCalls);
    this.total += 1;
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
