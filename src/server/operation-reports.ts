import { getOperationAST, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { OperationOutcome } from '../observability/metrics.js';
import type { GatewayContext } from '../schema/context.js';

/** What one GraphQL request did and how it ended: for metrics and the access log. */
export interface OperationReport {
  operationName?: string;
  /** query, mutation, subscription; `unknown` when the request never reached execution. */
  operationType: string;
  /** `stream`: a subscription or streamed result, whose outcome is not known when it starts. */
  outcome: OperationOutcome | 'stream';
  /**
   * Why it is an error: the first error's `extensions.code`, else the first AWS error member of a
   * result union (`TrailNotFoundException`); empty on success.
   */
  error: string;
  /** AWS calls by operation, when it executed. */
  awsCalls?: Record<string, number>;
  /** The caller's id, once authentication established it. */
  callerId?: string;
}

/**
 * What a report needs of an execution, taken from its context when it starts. Not the context
 * itself: kept until the result is processed (by the request), it would keep the request's loaders
 * and reads alive that long, long enough for the garbage collector to copy them into the old
 * generation on every request (which halved the throughput of small requests).
 */
interface Execution {
  operationName?: string;
  operationType: string;
  callCounts: () => Record<string, number>;
  callerId?: string;
  /** Filled in as the execution goes (see GatewayContext.awsErrorMembers). */
  awsErrorMembers?: readonly string[];
}

const reports = new WeakMap<Request, OperationReport>();

/** The report of a request whose result was produced (undefined before, or for non-GraphQL requests). */
export function operationReportOf(request: Request): OperationReport | undefined {
  return reports.get(request);
}

function firstErrorCode(result: ExecutionResult): string | undefined {
  const [first] = result.errors ?? [];
  if (!first) return undefined;
  const code = first.extensions?.code;
  return typeof code === 'string' ? code : 'GRAPHQL_ERROR';
}

/**
 * Reports each GraphQL request's outcome. A result whose errors list is empty but that holds an AWS
 * error member of a result union (a put on a missing trail answers `TrailNotFoundException` as data)
 * is an error: the operation did not do what was asked.
 */
export function useOperationReports(onReport: (report: OperationReport) => void): Plugin<GatewayContext> {
  const executions = new WeakMap<Request, Execution>();
  return {
    onExecute: ({ args }) => {
      const context = args.contextValue as GatewayContext & { request?: Request };
      if (!context.request) return;
      const operation = getOperationAST(args.document, args.operationName);
      executions.set(context.request, {
        operationName: operation?.name?.value,
        operationType: operation?.operation ?? 'unknown',
        callCounts: context.cloudTrail.callCountsReader(),
        callerId: context.caller.id,
        awsErrorMembers: context.awsErrorMembers,
      });
    },
    onResultProcess: ({ request, result }) => {
      const execution = executions.get(request);
      const report: OperationReport = {
        operationName: execution?.operationName,
        operationType: execution?.operationType ?? 'unknown',
        outcome: 'stream',
        error: '',
        awsCalls: execution?.callCounts(),
        callerId: execution?.callerId,
      };
      if (!isAsyncIterable(result)) {
        const single = Array.isArray(result) ? result[0] : result;
        const error = (single && firstErrorCode(single)) ?? execution?.awsErrorMembers?.[0];
        report.outcome = error === undefined ? 'success' : 'error';
        report.error = error ?? '';
      }
      reports.set(request, report);
      onReport(report);
    },
  };
}
