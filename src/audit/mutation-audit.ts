import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/scopes.js';
import type { AuditSink } from './audit-sinks.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * One audit record per mutation attempt: who, what (operation, input, target), the state before
 * and after, and how it ended. An attempt that reaches AWS is written twice under one `auditId`:
 * an `intent` record before the put, which must be written or the put is not made, and the
 * `outcome` record after it. An attempt refused before AWS (scope, validation) has its outcome only.
 */

export type AuditOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; code: string; message: string; retryable?: boolean }
  | {
      status: 'refused';
      reason: 'unauthenticated' | 'forbidden' | 'validation' | 'audit-unavailable';
      code: string;
      message: string;
    };

/** Who sent the request, as far as the gateway can tell. */
export interface AuditRequest {
  requestId: string;
  caller: Caller;
  /** The TCP peer address. */
  clientIp: string | null;
  /** X-Forwarded-For as received: set by a proxy, or by anyone; not verified. */
  forwardedFor: string | null;
  /** With MUTATION_ROLE_ARN: the role the caller's changes are made as. */
  role?: AuditRole;
}

export interface AuditRole {
  arn: string;
  sourceIdentity: string;
  sessionName: string;
}

export interface AuditTarget {
  /** The trail or event data store as given (name, ARN or ID). */
  given: string;
  region: string;
  /** Its ARN, once known (given, or answered by AWS). */
  arn?: string;
  /** PutInsightSelectors on a store: the destination store. */
  insightsDestination?: string;
}

export interface MutationRecord {
  auditId: string;
  phase: 'intent' | 'outcome';
  time: string;
  requestId: string;
  clientIp: string | null;
  forwardedFor: string | null;
  caller: { kind: Caller['kind']; id: string; issuer?: string; scopes: string[] };
  /** The GraphQL mutation field and the CloudTrail operation it makes. */
  operation: string;
  awsOperation: string;
  input: unknown;
  target?: AuditTarget;
  role?: AuditRole;
  before?: unknown;
  after?: unknown;
  /** The request id AWS gave the put (or its error). */
  awsRequestId?: string;
  outcome?: AuditOutcome;
}

/** Thrown instead of making a put whose intent could not be recorded. */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
  readonly code = GatewayErrorCode.AUDIT_UNAVAILABLE;
}

/** Writes a line the gateway could not get into the audit log where an operator still sees it. */
export type AuditFailureLogger = (error: unknown, record: MutationRecord) => void;

export const logAuditFailureAsJson: AuditFailureLogger = (error, record) => {
  const detail = error instanceof Error ? { name: error.name, message: error.message } : { value: String(error) };
  console.error(JSON.stringify({ level: 'error', msg: 'Audit record not written', error: detail, record }));
};

/** One mutation attempt being recorded. */
export class MutationAttempt {
  private readonly record: MutationRecord;
  private intentWritten = false;

  constructor(
    private readonly sink: AuditSink,
    private readonly logFailure: AuditFailureLogger,
    request: AuditRequest,
    operation: string,
    awsOperation: string,
    input: unknown,
  ) {
    const { caller } = request;
    this.record = {
      auditId: randomUUID(),
      phase: 'outcome',
      time: new Date().toISOString(),
      requestId: request.requestId,
      clientIp: request.clientIp,
      forwardedFor: request.forwardedFor,
      caller: { kind: caller.kind, id: caller.id, ...(caller.issuer ? { issuer: caller.issuer } : {}), scopes: [...caller.scopes].sort() },
      operation,
      awsOperation,
      input,
      ...(request.role ? { role: request.role } : {}),
    };
  }

  get auditId(): string {
    return this.record.auditId;
  }

  target(target: AuditTarget): void {
    this.record.target = { ...this.record.target, ...target };
  }

  before(state: unknown): void {
    this.record.before = state;
  }

  after(state: unknown, awsRequestId: string | undefined, arn?: string): void {
    this.record.after = state;
    this.record.awsRequestId = awsRequestId;
    if (arn && this.record.target) this.record.target.arn = arn;
  }

  /**
   * Records that the put is about to be made. Throws AuditUnavailableError when the record cannot
   * be written: the caller must then not make the put.
   */
  async intent(): Promise<void> {
    try {
      await this.sink.write(JSON.stringify({ ...this.record, phase: 'intent', time: new Date().toISOString() }));
      this.intentWritten = true;
    } catch (err) {
      this.logFailure(err, { ...this.record, phase: 'intent' });
      throw new AuditUnavailableError(
        'The change was not made: the audit log cannot be written, and the gateway makes no change it cannot record. Try again later; operators see the cause in the gateway\'s log.',
      );
    }
  }

  /** Records how the attempt ended. A failure to write is logged, never thrown: the outcome already happened. */
  async outcome(outcome: AuditOutcome, awsRequestId?: string): Promise<void> {
    const record: MutationRecord = {
      ...this.record,
      phase: 'outcome',
      time: new Date().toISOString(),
      outcome,
      ...(awsRequestId && !this.record.awsRequestId ? { awsRequestId } : {}),
    };
    try {
      await this.sink.write(JSON.stringify(record));
    } catch (err) {
      this.logFailure(err, record);
    }
  }

  /** Whether the put may have been made (its intent was recorded). */
  get reachedAws(): boolean {
    return this.intentWritten;
  }
}

/** Starts the audit of each mutation attempt of one request. */
export class MutationAuditor {
  constructor(
    private readonly sink: AuditSink,
    private readonly request: AuditRequest,
    private readonly logFailure: AuditFailureLogger = logAuditFailureAsJson,
  ) {}

  begin(operation: string, awsOperation: string, input: unknown): MutationAttempt {
    return new MutationAttempt(this.sink, this.logFailure, this.request, operation, awsOperation, input);
  }
}
