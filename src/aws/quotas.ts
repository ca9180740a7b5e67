/**
 * CloudTrail's request-rate quotas, per account and Region, none adjustable (AWS, "Quotas in AWS
 * CloudTrail"): "Get, describe, and list APIs: 10 transactions per second (TPS). The LookupEvents
 * and ListInsightsMetricData APIs are not included in this category"; "LookupEvents API: 2 TPS";
 * "ListInsightsMetricData API: 1 TPS"; "All other APIs: 1 TPS".
 */

/** The quota an operation counts against. */
export type OperationClass = 'LookupEvents' | 'ListInsightsMetricData' | 'read' | 'write';

export const OPERATION_CLASSES: readonly OperationClass[] = ['LookupEvents', 'ListInsightsMetricData', 'read', 'write'];

/** Calls per second per account and Region, as AWS documents them. */
export const CLOUDTRAIL_QUOTAS: Readonly<Record<OperationClass, number>> = {
  LookupEvents: 2,
  ListInsightsMetricData: 1,
  read: 10,
  write: 1,
};

export function operationClassOf(operation: string): OperationClass {
  if (operation === 'LookupEvents' || operation === 'ListInsightsMetricData') return operation;
  return /^(Get|Describe|List)/.test(operation) ? 'read' : 'write';
}

/**
 * The share of each quota the gateway spends by default: the account's other clients (the console,
 * the CLI, other tools) use the same quotas, and calls spaced exactly at the quota can still arrive
 * closer together than they were sent.
 */
export const DEFAULT_QUOTA_SHARE = 0.9;
/** How long a call may queue for its quota by default, within the request's deadline. */
export const DEFAULT_QUOTA_MAX_WAIT_MS = 5000;
