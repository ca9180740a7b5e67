import type {
  CloudTrailClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-cloudtrail';
import type { Command } from '@smithy/types';
import type { GraphQLErrorExtensions } from 'graphql';
import { AwsCallRefusedError, RequestAbortedError, RequestDeadlineExceededError } from './call-refusals.js';
import type { CloudTrailClients } from './clients.js';
import { DEFAULT_QUOTA_MAX_WAIT_MS } from './quotas.js';
import { classifyCallFailure } from './transport-errors.js';
import { GatewayErrorCode } from '../gateway-errors.js';

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
/** The default of AWS_CALL_TIMEOUT_MS: one call, all its SDK attempts included. */
export const DEFAULT_AWS_CALL_TIMEOUT_MS = 10_000;
/** The default of REQUEST_DEADLINE_MS: past it a request makes no more calls and cancels those in flight. */
export const DEFAULT_REQUEST_DEADLINE_MS = 30_000;

/**
 * Refused before the call that would pass the per-request budget. The query's cost estimate is
 * checked before execution, but it cannot see every way a query multiplies calls (page sizes given
 * as variables, aliases, pages CloudTrail fills sparsely); this bound holds whatever the query says.
 */
export class AwsCallBudgetExceededError extends AwsCallRefusedError {
  override readonly name = 'AwsCallBudgetExceededError';
  readonly code = GatewayErrorCode.AWS_CALL_BUDGET_EXCEEDED;

  constructor(readonly budget: number) {
    super(
      `This request needs more than ${budget} CloudTrail calls, the gateway's limit per request. Ask for fewer items (\`first\`) or fields, or split the query.`,
    );
  }

  extensions(): GraphQLErrorExtensions {
    return { code: this.code, budget: this.budget };
  }
}

/**
 * CloudTrail's request-rate quotas, as the gateway spends them (src/fleet/quota-buckets.ts): a call
 * waits for its slot, or is refused with AwsQuotaExhaustedError when the slot would come after
 * `maxWaitMs`; a ThrottlingException that still comes back is reported with `throttled`.
 */
export interface CallQuota {
  /**
   * Resolves, once the call's slot has come, to its check-in (see QuotaCheckIn). `account`: a
   * member account's id; absent, the gateway's own account.
   */
  acquire(operation: string, region: string, maxWaitMs: number, signal?: AbortSignal, account?: string): Promise<QuotaCheckIn>;
  /** Never rejects; callers need not wait for it. `account`: as for `acquire`. */
  throttled(operation: string, region: string, account?: string): Promise<void>;
  /** Reports how long each call waited for its slot, by operation class (for metrics). */
  observeTokenWaits?(listener: (operationClass: string, seconds: number) => void): void;
}

/**
 * Run just before each attempt of a call is sent: waits until a whole quota interval has passed
 * since the bucket's last call was sent, or throws AwsQuotaExhaustedError. A slot says when a call
 * may go; whatever delays it after that (a busy process, the SDK signing, a first connection) must
 * not bring it closer to the next one than the quota allows, since AWS counts arrivals.
 */
export type QuotaCheckIn = () => Promise<void>;

/** How the calls of one request are bounded in time and rate. */
export interface CloudTrailCallLimits {
  /** Aborted when the client goes away: calls in flight are cancelled, later ones not made. */
  clientSignal?: AbortSignal;
  /** Aborted when the request's deadline passes (REQUEST_DEADLINE_MS); `deadlineMs` is that deadline. */
  deadline?: { signal: AbortSignal; ms: number };
  /** How long one call may take, SDK retries included (AWS_CALL_TIMEOUT_MS). */
  callTimeoutMs?: number;
  /** Runs before each call; throws to refuse it (the per-caller rate limit). */
  beforeCall?: (operation: string) => Promise<void>;
  /**
   * Runs after each change (every operation but List/Get/Describe/Lookup), whether it succeeded or
   * not (an unknown outcome may have changed something), before its answer is used: the fleet's
   * shared read cache is invalidated there, so the next read on any replica sees the change. Must
   * not throw.
   */
  afterChange?: (operation: string) => Promise<void>;
  /** CloudTrail's request-rate quotas: each call waits for its slot first (AWS_QUOTA_BUCKET). */
  quota?: CallQuota;
  /** Longest a call may queue for its quota slot, within the request's deadline. Default DEFAULT_QUOTA_MAX_WAIT_MS. */
  quotaMaxWaitMs?: number;
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
/** What every account view of one request's CloudTrailApi shares: its calls, budget and reads. */
class RequestCalls {
  readonly counts = new Map<string, number>();
  total = 0;
  /** Reads made in this request, by account, region, operation and input: the same read twice is one call. */
  readonly reads = new Map<string, Promise<unknown>>();
  /** Clients changes are sent with (a role assumed for the caller), when not the gateway's own. */
  changeClients?: () => CloudTrailClients;
  /** When the request began: its deadline counts from here. */
  readonly startedAt = performance.now();
}

/** A bound on the calls in flight to one account-Region (src/aws/organization.ts). */
export interface CallGate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** One member account as a request reaches it: its clients, and the bound per Region. */
export interface AccountRoute {
  accountId: string;
  clients: CloudTrailClients;
  gate?: (region: string) => CallGate;
}

function countsByOperation(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export class CloudTrailApi {
  private readonly calls: RequestCalls;

  constructor(
    private readonly clients: CloudTrailClients,
    private readonly maxCalls = DEFAULT_MAX_AWS_CALLS_PER_REQUEST,
    private readonly limits: CloudTrailCallLimits = {},
    shared?: RequestCalls,
    private readonly route?: AccountRoute,
  ) {
    this.calls = shared ?? new RequestCalls();
  }

  /**
   * The same request's calls, sent to a member account with its role's credentials: they count in
   * the request's budget, rate limit and awsCalls like every other call, and each account-Region
   * has at most a few calls in flight at once. Reads are changed only through the gateway's own
   * account (the view refuses nothing, but no schema field sends a change through it).
   */
  forAccount(route: AccountRoute): CloudTrailApi {
    return new CloudTrailApi(route.clients, this.maxCalls, this.limits, this.calls, route);
  }

  /** The member account this view calls; undefined for the gateway's own account. */
  get accountId(): string | undefined {
    return this.route?.accountId;
  }

  /**
   * Sends this request's changes (every operation but List/Get/Describe/Lookup) with other clients:
   * those of the role assumed for the caller (src/aws/mutation-role.ts). Reads keep the gateway's.
   */
  routeChangesThrough(clients: () => CloudTrailClients): void {
    this.calls.changeClients = clients;
  }

  /** Sets the check each call passes first, once the caller is known (see useAwsCallRateLimit). */
  checkBeforeEachCall(beforeCall: (operation: string) => Promise<void>): void {
    this.limits.beforeCall = beforeCall;
  }

  async send<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
    command: CloudTrailCommand<Input, Output>,
    region?: string,
  ): Promise<Output> {
    const operation = command.constructor.name.replace(/Command$/, '');
    if (!READ_OPERATION.test(operation)) {
      // A change makes earlier reads stale; what the request reads after it comes from AWS again.
      this.calls.reads.clear();
      try {
        return await this.call(operation, command, region);
      } finally {
        await this.limits.afterChange?.(operation);
      }
    }
    const account = this.route ? `${this.route.accountId} ` : '';
    const key = `${account}${region ?? ''} ${operation} ${JSON.stringify(command.input)}`;
    let read = this.calls.reads.get(key) as Promise<Output> | undefined;
    if (read === undefined) {
      read = this.call(operation, command, region);
      this.calls.reads.set(key, read);
    }
    return read;
  }

  private async call<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
    operation: string,
    command: CloudTrailCommand<Input, Output>,
    region: string | undefined,
  ): Promise<Output> {
    const { clientSignal, deadline, callTimeoutMs = DEFAULT_AWS_CALL_TIMEOUT_MS, beforeCall } = this.limits;
    if (clientSignal?.aborted) throw new RequestAbortedError();
    if (deadline?.signal.aborted) throw new RequestDeadlineExceededError(deadline.ms);
    const calls = this.calls;
    if (calls.total >= this.maxCalls) throw new AwsCallBudgetExceededError(this.maxCalls);
    // Taken from the budget before waiting on the rate limit, so concurrent calls cannot all pass.
    calls.total += 1;
    let checkIn: QuotaCheckIn | undefined;
    try {
      await beforeCall?.(operation);
      checkIn = await this.waitForQuota(operation, region);
    } catch (refusal) {
      calls.total -= 1;
      throw refusal;
    }
    if (checkIn) {
      const beforeSending = checkIn;
      // The deserialize step runs once per attempt, after signing, just before the HTTP request.
      command.middlewareStack.add(
        (next) => async (args) => {
          await beforeSending();
          return next(args);
        },
        { step: 'deserialize', priority: 'high', name: 'quotaCheckInMiddleware', override: true },
      );
    }
    calls.counts.set(operation, (calls.counts.get(operation) ?? 0) + 1);
    const callTimeout = AbortSignal.timeout(callTimeoutMs);
    const signals = [callTimeout, clientSignal, deadline?.signal].filter((s): s is AbortSignal => s !== undefined);
    try {
      const changeClients = this.route ? undefined : calls.changeClients;
      const clients = changeClients && !READ_OPERATION.test(operation) ? changeClients() : this.clients;
      const send = () => clients.forRegion(region).send(command, { abortSignal: AbortSignal.any(signals) });
      const gate = this.route?.gate?.(region ?? '');
      return (await (gate ? gate.run(send) : send())) as Output;
    } catch (error) {
      throw classifyCallFailure(error, {
        operation,
        changes: !READ_OPERATION.test(operation),
        clientGone: clientSignal?.aborted ?? false,
        timeoutMs: callTimeout.aborted || !deadline ? callTimeoutMs : deadline.ms,
      });
    }
  }

  /**
   * Waits for the call's slot in CloudTrail's quota (of the member account this view calls, else the
   * gateway's), at most until the request's deadline (and quotaMaxWaitMs): a call that would wait
   * longer is refused with AWS_QUOTA_EXHAUSTED, unsent.
   */
  private async waitForQuota(operation: string, region: string | undefined): Promise<QuotaCheckIn | undefined> {
    const { quota, quotaMaxWaitMs = DEFAULT_QUOTA_MAX_WAIT_MS, deadline, clientSignal } = this.limits;
    if (!quota) return undefined;
    const untilDeadline = deadline ? deadline.ms - (performance.now() - this.calls.startedAt) : Number.POSITIVE_INFINITY;
    const regionName = region ?? (await this.clients.defaultRegion());
    return quota.acquire(operation, regionName, Math.min(quotaMaxWaitMs, untilDeadline), clientSignal, this.route?.accountId);
  }

  defaultRegion(): Promise<string> {
    return this.clients.defaultRegion();
  }

  /** AWS calls made so far, by operation name. */
  callCounts(): Record<string, number> {
    return countsByOperation(this.calls.counts);
  }

  /**
   * Reads callCounts() later, holding on to the counts alone: what outlives the request's execution
   * (a report kept until its response is written) then keeps none of its reads and loaders alive,
   * which would make the garbage collector copy them out of the young generation.
   */
  callCountsReader(): () => Record<string, number> {
    const counts = this.calls.counts;
    return () => countsByOperation(counts);
  }
}
