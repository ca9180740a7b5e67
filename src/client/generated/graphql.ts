/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Whether the gateway holds credentials of an account's role. */
export type AccountCredentialsState =
  /** The last credentials expired and nothing has needed new ones since; the next read assumes the role again. */
  | 'EXPIRED'
  /** The last AssumeRole failed (see `errorCode`): reads of this account fail with that error until it succeeds. STS is asked again at most every 30 seconds. */
  | 'FAILED'
  /** The role has not been assumed yet: nothing was read from this account so far. */
  | 'NOT_ASSUMED'
  /** Credentials are in hand and unexpired; they are renewed minutes before they expire. */
  | 'VALID';

/** An advanced event selector: an event is logged when it meets every condition of at least one selector. Each selector needs an `eventCategory` condition with `equals`. */
export type AdvancedEventSelectorInput = {
  /** The conditions; at most 500 values across all conditions of a trail. */
  fieldSelectors: Array<AdvancedFieldSelectorInput>;
  /** An optional label, such as "Log writes to the audit bucket". */
  name?: string | null | undefined;
};

/** One condition of an advanced event selector: an event record field and the values it must (or must not) match. Set at least one operator. */
export type AdvancedFieldSelectorInput = {
  /** Include events whose field ends with one of these values. */
  endsWith?: Array<string> | null | undefined;
  /** Include events whose field equals one of these values. */
  equals?: Array<string> | null | undefined;
  /** The event record field, such as `eventCategory`, `resources.type`, `readOnly`, `eventName` or `resources.ARN`. */
  field: string;
  /** Exclude events whose field ends with one of these values. */
  notEndsWith?: Array<string> | null | undefined;
  /** Exclude events whose field equals one of these values. */
  notEquals?: Array<string> | null | undefined;
  /** Exclude events whose field starts with one of these values. */
  notStartsWith?: Array<string> | null | undefined;
  /** Include events whose field starts with one of these values. */
  startsWith?: Array<string> | null | undefined;
};

/** Resources whose data events a basic event selector logs. */
export type DataResourceInput = {
  /** The resource type: `AWS::S3::Object`, `AWS::Lambda::Function` or `AWS::DynamoDB::Table`. Other types need advanced selectors. */
  type: string;
  /** ARNs or ARN prefixes of that type, e.g. `arn:aws:s3:::amzn-s3-demo-bucket1/` (every object of one bucket) or `arn:aws:s3` (all buckets). At most 250 across all selectors of a trail. */
  values: Array<string>;
};

/** A basic event selector: which management events and which data events a trail logs. */
export type EventSelectorInput = {
  /** Resources whose data events the selector logs. Omit for none. */
  dataResources?: Array<DataResourceInput> | null | undefined;
  /** Management event sources not to log: `kms.amazonaws.com` and/or `rdsdata.amazonaws.com` (the only ones AWS allows). Omit to log all. */
  excludeManagementEventSources?: Array<string> | null | undefined;
  /** Whether the selector logs management events. Defaults to true. */
  includeManagementEvents?: boolean | null | undefined;
  /** Log read-only events, write-only events, or All (the default). */
  readWriteType?: ReadWriteType | null | undefined;
};

/** Which Insights to list. Every field narrows the list; all are optional. */
export type InsightEventsFilter = {
  /** Insights that started at or before this time. Defaults to the start of the minute the first page is read in; the cursors keep that end, so later pages list the same Insights. */
  endTime?: string | null | undefined;
  /** Only ApiErrorRateInsight Insights about this error code. */
  errorCode?: string | null | undefined;
  /** The API, e.g. `PutParameter`. */
  eventName?: string | null | undefined;
  /** The service, e.g. `ssm.amazonaws.com`. */
  eventSource?: string | null | undefined;
  /** Only Insights of this type. */
  insightType?: InsightType | null | undefined;
  /** Insights that started at or after this time. */
  startTime?: string | null | undefined;
  /** The ARN of a trail that logs data events: list its Insights with ListInsightsData. Without it, the Insights on management events of the Region are listed with LookupEvents. */
  trailArn?: string | null | undefined;
};

/** An Insights analysis to turn on. */
export type InsightSelectorInput = {
  /** The kinds of events the analysis watches. This REPLACES the categories in force: sending only `[Data]` for a type that watched management events stops watching them. Omit it for management events only (AWS's default). Event data stores support Management only. */
  eventCategories?: Array<SourceEventCategory> | null | undefined;
  /** The analysis to run. Each type may appear once per request. */
  insightType: InsightType;
};

/** Whether an Insight is still under way. */
export type InsightState =
  /** Only its Start event exists: the unusual activity has not ended yet. */
  | 'ACTIVE'
  /** Its End event exists: the activity is back to its baseline. */
  | 'ENDED';

/** A kind of CloudTrail Insights analysis. ApiCallRateInsight watches the per-minute volume of write management API calls against their baseline; ApiErrorRateInsight watches the per-minute volume of calls that fail with an error code. */
export type InsightType =
  /** Unusual volume of write management API calls per minute for one API. */
  | 'ApiCallRateInsight'
  /** Unusual volume of API calls that fail with one error code per minute (reads included). */
  | 'ApiErrorRateInsight';

/** Which series: one per event source, event name and Insights type (and error code, and trail for data events). */
export type InsightsMetricSeriesKeyInput = {
  /** Required for ApiErrorRateInsight: the error code counted, e.g. `AccessDenied`. Ignored for ApiCallRateInsight, which counts every write call. */
  errorCode?: string | null | undefined;
  /** The API, e.g. `RunInstances`. */
  eventName: string;
  /** The AWS service, e.g. `ec2.amazonaws.com`. */
  eventSource: string;
  /** Which Insights analysis. */
  insightType: InsightType;
  /** Name or ARN of a trail that logs data events, for its data-event series. Leave out for management-event series. */
  trail?: string | null | undefined;
};

/** Member accounts and Regions to read (ORG_ACCOUNTS). Every account-Region of the scope is read in parallel, within a few calls in flight per account-Region, and the answers merged; an account or Region that fails is listed in `failedShards` while the others answer. `{}` is every account in each of its Regions. */
export type OrganizationScope = {
  /** Account ids (`Account.number`) to read. Default: every account of `accounts`. */
  accounts?: Array<string> | null | undefined;
  /** Regions to read in each account, among that account's Regions (`Account.regions`). Default: each account's Regions. */
  regions?: Array<string> | null | undefined;
};

/** Which Insights analyses to run on the management events of a source event data store, and the event data store that receives the Insights events (PutInsightSelectors with EventDataStore and InsightsDestination). */
export type PutEventDataStoreInsightSelectorsInput = {
  /** The source event data store: its ARN, the ID at the end of its ARN, or its global ID (`id`). It must log management events. */
  eventDataStore: string;
  /** The complete set of analyses to run: it REPLACES the selectors in force (analyses not listed are turned off). An empty list turns Insights off. Event data stores support the Management category only. */
  insightSelectors: Array<InsightSelectorInput>;
  /** The destination event data store (ARN, ID or global ID), which must log Insights events (eventCategory Insight). Required to turn Insights on; may be omitted with an empty `insightSelectors` to turn it off. */
  insightsDestination?: string | null | undefined;
  /** The region of a store given by ID; ignored for an ARN. Defaults to the gateway's default region. */
  region?: string | null | undefined;
};

/** The event selectors a trail should have (PutEventSelectors). Set exactly one of `basic` or `advanced`: setting both or neither is an InvalidEventSelectorsException result, as in CloudTrail. */
export type PutEventSelectorsInput = {
  /** Advanced event selectors. They REPLACE the trail's selectors, basic ones included. At most 500 condition values across all selectors. */
  advanced?: Array<AdvancedEventSelectorInput> | null | undefined;
  /** 1 to 5 basic event selectors. They REPLACE the trail's selectors, advanced ones included. At most 250 data resource values across all selectors. */
  basic?: Array<EventSelectorInput> | null | undefined;
  /** The region of a trail given by name; ignored for an ARN, which names its region. Defaults to the gateway's default region. Must be the trail's home region (else InvalidHomeRegionException). */
  region?: string | null | undefined;
  /** The trail name, ARN or global ID (its `id`), e.g. `management-trail` or `arn:aws:cloudtrail:us-east-2:123456789012:trail/management-trail`. The global ID of another type is refused with BAD_USER_INPUT. */
  trail: string;
};

/** Which Insights analyses to run on a trail (PutInsightSelectors with TrailName). */
export type PutTrailInsightSelectorsInput = {
  /** The complete set of analyses to run: it REPLACES the selectors in force (analyses not listed are turned off). An empty list turns Insights off. */
  insightSelectors: Array<InsightSelectorInput>;
  /** The region of a trail given by name; ignored for an ARN, which names its region. Defaults to the gateway's default region. Must be the trail's home region (else InvalidHomeRegionException). */
  region?: string | null | undefined;
  /** The trail name, ARN or global ID (its `id`), e.g. `management-trail` or `arn:aws:cloudtrail:us-east-2:123456789012:trail/management-trail`. The global ID of another type is refused with BAD_USER_INPUT. */
  trail: string;
};

/** Which API calls a basic event selector logs: ReadOnly (e.g. EC2 GetConsoleOutput), WriteOnly (e.g. EC2 RunInstances), or All. */
export type ReadWriteType =
  | 'All'
  | 'ReadOnly'
  | 'WriteOnly';

/** The events an Insights analysis watches: Management (API calls that manage resources) or Data (API calls on resources, such as S3 object reads). Event data stores support Management only. */
export type SourceEventCategory =
  | 'Data'
  | 'Management';

export type TrailsOverviewQueryVariables = Exact<{
  region?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TrailsOverviewQuery = { defaultRegion: string, trails: { edges: Array<{ node: { id: string, name: string, homeRegion: string, isMultiRegionTrail: boolean, s3BucketName: string, status: { isLogging: boolean, latestDeliveryTime: string | null } | null, insightSelectors: { enabled: boolean, selectors: Array<{ insightType: InsightType, eventCategories: Array<SourceEventCategory> }> } | null, tags: Array<{ key: string, value: string | null }> | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type InsightEventsQueryVariables = Exact<{
  region?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type InsightEventsQuery = { insightEvents: { edges: Array<{ node: { id: string, eventSource: string, eventName: string, insightType: InsightType, state: InsightState, startTime: string, endTime: string | null, statistics: { baselineAverage: number | null, insightAverage: number | null, insightDurationMinutes: number | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type InsightsDashboardQueryVariables = Exact<{
  series?: Array<InsightsMetricSeriesKeyInput> | InsightsMetricSeriesKeyInput;
  period?: number | null | undefined;
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  points?: number | null | undefined;
  region?: string | null | undefined;
}>;


export type InsightsDashboardQuery = { insightsMetricSeriesList: Array<
    | { __typename: 'FailedShard', code: string, message: string, retryable: boolean }
    | { __typename: 'InsightsMetricSeries', id: string, eventSource: string, eventName: string, insightType: InsightType, errorCode: string | null, period: number, effectiveStartTime: string, effectiveEndTime: string, truncatedByRetention: boolean, total: number | null, maximum: number | null, maximumTime: string | null, mean: number | null, pointCount: number | null, points: { edges: Array<{ node: { timestamp: string, value: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null }
    | { __typename: 'InvalidParameterException', code: string, message: string, retryable: boolean }
    | { __typename: 'InvalidTrailNameException', code: string, message: string, retryable: boolean }
    | { __typename: 'OperationNotPermittedException', code: string, message: string, retryable: boolean }
    | { __typename: 'ThrottlingException', code: string, message: string, retryable: boolean }
    | { __typename: 'UnmodelledAwsError', code: string, message: string, retryable: boolean }
    | { __typename: 'UnsupportedOperationException', code: string, message: string, retryable: boolean }
   | null> | null };

export type InsightInvestigationQueryVariables = Exact<{
  filter?: InsightEventsFilter | null | undefined;
  insights?: number | null | undefined;
  points?: number | null | undefined;
  events?: number | null | undefined;
  region?: string | null | undefined;
}>;


export type InsightInvestigationQuery = { insightEvents: { edges: Array<{ node: { id: string, sharedEventId: string, state: InsightState, startTime: string, endTime: string | null, eventSource: string, eventName: string, insightType: InsightType, errorCode: string | null, statistics: { baselineAverage: number | null, insightAverage: number | null, insightDurationMinutes: number | null, baselineDurationMinutes: number | null }, attributions: { userIdentityArns: { insight: Array<{ value: string, average: number }>, baseline: Array<{ value: string, average: number }> }, userAgents: { insight: Array<{ value: string, average: number }> }, errorCodes: { insight: Array<{ value: string, average: number }> } } | null, metricSeries:
          | { __typename: 'InsightsMetricSeries', id: string, total: number | null, maximum: number | null, maximumTime: string | null, points: { edges: Array<{ node: { timestamp: string, value: number } }> } | null }
          | { __typename: 'InvalidParameterException', code: string, message: string }
          | { __typename: 'InvalidTrailNameException', code: string, message: string }
          | { __typename: 'OperationNotPermittedException', code: string, message: string }
          | { __typename: 'ThrottlingException', code: string, message: string }
          | { __typename: 'UnmodelledAwsError', code: string, message: string }
          | { __typename: 'UnsupportedOperationException', code: string, message: string }
         | null, events: { edges: Array<{ node: { eventTime: string, eventName: string, username: string | null, userIdentityArn: string | null, sourceIPAddress: string | null, userAgent: string | null, errorCode: string | null, resources: Array<{ type: string | null, name: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type PutTrailInsightSelectorsMutationVariables = Exact<{
  input?: PutTrailInsightSelectorsInput;
}>;


export type PutTrailInsightSelectorsMutation = { putTrailInsightSelectors:
    | { __typename: 'CloudTrailARNInvalidException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'ConflictException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InsightNotEnabledException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InsufficientEncryptionPolicyException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InsufficientS3BucketPolicyException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidHomeRegionException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidInsightSelectorsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidParameterCombinationException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidParameterException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidTrailNameException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'KmsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'NoManagementAccountSLRExistsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'NotOrganizationMasterAccountException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'OperationNotPermittedException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'PutTrailInsightSelectorsPayload', previousInsightSelectors: { enabled: boolean, selectors: Array<{ insightType: InsightType, eventCategories: Array<SourceEventCategory> }> }, insightSelectors: { enabled: boolean, selectors: Array<{ insightType: InsightType, eventCategories: Array<SourceEventCategory> }> }, trail: { id: string, name: string, hasInsightSelectors: boolean, insightSelectors: { enabled: boolean, selectors: Array<{ insightType: InsightType, eventCategories: Array<SourceEventCategory> }> } | null } | null }
    | { __typename: 'S3BucketDoesNotExistException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'ThrottlingException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'TrailNotFoundException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'UnmodelledAwsError', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'UnsupportedOperationException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
   | null };

export type PutEventSelectorsMutationVariables = Exact<{
  input?: PutEventSelectorsInput;
}>;


export type PutEventSelectorsMutation = { putEventSelectors:
    | { __typename: 'CloudTrailARNInvalidException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'ConflictException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InsufficientDependencyServiceAccessPermissionException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidEventSelectorsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidHomeRegionException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidTrailNameException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'NoManagementAccountSLRExistsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'NotOrganizationMasterAccountException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'OperationNotPermittedException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'PutEventSelectorsPayload', previousEventSelectors:
        | { __typename: 'AdvancedEventSelectors', selectors: Array<{ name: string | null, fieldSelectors: Array<{ field: string, equals: Array<string> | null, startsWith: Array<string> | null, notEquals: Array<string> | null }> }> }
        | { __typename: 'BasicEventSelectors', selectors: Array<{ readWriteType: ReadWriteType, includeManagementEvents: boolean, dataResources: Array<{ type: string, values: Array<string> }> }> }
      , eventSelectors:
        | { __typename: 'AdvancedEventSelectors', selectors: Array<{ name: string | null, fieldSelectors: Array<{ field: string, equals: Array<string> | null, startsWith: Array<string> | null, notEquals: Array<string> | null }> }> }
        | { __typename: 'BasicEventSelectors', selectors: Array<{ readWriteType: ReadWriteType, includeManagementEvents: boolean, dataResources: Array<{ type: string, values: Array<string> }> }> }
      , trail: { id: string, name: string, hasCustomEventSelectors: boolean, eventSelectors:
          | { __typename: 'AdvancedEventSelectors', selectors: Array<{ name: string | null, fieldSelectors: Array<{ field: string, equals: Array<string> | null, startsWith: Array<string> | null, notEquals: Array<string> | null }> }> }
          | { __typename: 'BasicEventSelectors', selectors: Array<{ readWriteType: ReadWriteType, includeManagementEvents: boolean, dataResources: Array<{ type: string, values: Array<string> }> }> }
         | null } | null }
    | { __typename: 'ThrottlingException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'TrailNotFoundException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'UnmodelledAwsError', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'UnsupportedOperationException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
   | null };

type TrailEventSelectorsFields_AdvancedEventSelectors_Fragment = { __typename: 'AdvancedEventSelectors', selectors: Array<{ name: string | null, fieldSelectors: Array<{ field: string, equals: Array<string> | null, startsWith: Array<string> | null, notEquals: Array<string> | null }> }> };

type TrailEventSelectorsFields_BasicEventSelectors_Fragment = { __typename: 'BasicEventSelectors', selectors: Array<{ readWriteType: ReadWriteType, includeManagementEvents: boolean, dataResources: Array<{ type: string, values: Array<string> }> }> };

export type TrailEventSelectorsFieldsFragment =
  | TrailEventSelectorsFields_AdvancedEventSelectors_Fragment
  | TrailEventSelectorsFields_BasicEventSelectors_Fragment
;

export type PutEventDataStoreInsightSelectorsMutationVariables = Exact<{
  input?: PutEventDataStoreInsightSelectorsInput;
}>;


export type PutEventDataStoreInsightSelectorsMutation = { putEventDataStoreInsightSelectors:
    | { __typename: 'CloudTrailARNInvalidException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'ConflictException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InsightNotEnabledException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InsufficientEncryptionPolicyException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InsufficientS3BucketPolicyException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidHomeRegionException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidInsightSelectorsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidParameterCombinationException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidParameterException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'InvalidTrailNameException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'KmsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'NoManagementAccountSLRExistsException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'NotOrganizationMasterAccountException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'OperationNotPermittedException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'PutEventDataStoreInsightSelectorsPayload', previousInsightSelectors: { enabled: boolean }, previousInsightsDestination: { id: string, name: string } | null, eventDataStore: { id: string, name: string, insightSelectors: { enabled: boolean, selectors: Array<{ insightType: InsightType, eventCategories: Array<SourceEventCategory> }> } | null, insightsDestination: { id: string, name: string, arn: string } | null } | null }
    | { __typename: 'S3BucketDoesNotExistException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'ThrottlingException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'TrailNotFoundException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'UnmodelledAwsError', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
    | { __typename: 'UnsupportedOperationException', code: string, message: string, retryable: boolean, rejectedBeforeCall: boolean }
   | null };

export type LiveInsightsSubscriptionVariables = Exact<{
  region?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type LiveInsightsSubscription = { insightEventStarted: { cursor: string, insight: { id: string, eventSource: string, eventName: string, insightType: InsightType, state: InsightState, startTime: string, statistics: { baselineAverage: number | null, insightAverage: number | null } } } };

export type OrganizationInsightsOverviewQueryVariables = Exact<{
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OrganizationInsightsOverviewQuery = { accounts: { edges: Array<{ node: { id: string, number: string, name: string | null, regions: Array<string>, credentials: { state: AccountCredentialsState, errorCode: string | null } } }> } | null, insightsSummary: { total: number, lookupEventsCalls: number, byAccount: Array<{ key: string, count: number }>, byRegion: Array<{ key: string, count: number }>, byEventSource: Array<{ key: string, count: number }>, byInsightType: Array<{ key: string, count: number }>, failedShards: Array<{ accountId: string, region: string, code: string, retryable: boolean }> } | null, insightEvents: { edges: Array<{ node: { id: string, accountId: string | null, region: string, eventSource: string, eventName: string, insightType: InsightType, startTime: string, state: InsightState } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, failedShards: Array<{ accountId: string, region: string, code: string, retryable: boolean }> } | null };

export type OrganizationInsightsDashboardQueryVariables = Exact<{
  series?: Array<InsightsMetricSeriesKeyInput> | InsightsMetricSeriesKeyInput;
  period?: number | null | undefined;
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  scope?: OrganizationScope | null | undefined;
}>;


export type OrganizationInsightsDashboardQuery = { insightsMetricSeriesList: Array<
    | { __typename: 'FailedShard', region: string, code: string, retryable: boolean, message: string, failedAccountId: string }
    | { __typename: 'InsightsMetricSeries', id: string, accountId: string | null, region: string, eventSource: string, eventName: string, insightType: InsightType, errorCode: string | null, total: number | null, maximum: number | null, maximumTime: string | null, pointCount: number | null }
    | { __typename: 'InvalidParameterException', code: string, message: string }
    | { __typename: 'InvalidTrailNameException', code: string, message: string }
    | { __typename: 'OperationNotPermittedException', code: string, message: string }
    | { __typename: 'ThrottlingException', code: string, message: string }
    | { __typename: 'UnmodelledAwsError', code: string, message: string }
    | { __typename: 'UnsupportedOperationException', code: string, message: string }
   | null> | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TrailEventSelectorsFieldsFragmentDoc = new TypedDocumentString(`
    fragment TrailEventSelectorsFields on TrailEventSelectors {
  __typename
  ... on BasicEventSelectors {
    selectors {
      readWriteType
      includeManagementEvents
      dataResources {
        type
        values
      }
    }
  }
  ... on AdvancedEventSelectors {
    selectors {
      name
      fieldSelectors {
        field
        equals
        startsWith
        notEquals
      }
    }
  }
}
    `, {"fragmentName":"TrailEventSelectorsFields"}) as unknown as TypedDocumentString<TrailEventSelectorsFieldsFragment, unknown>;
export const TrailsOverviewDocument = new TypedDocumentString(`
    query TrailsOverview($region: String, $first: Int = 20, $after: String) {
  defaultRegion
  trails(region: $region, first: $first, after: $after) {
    edges {
      node {
        id
        name
        homeRegion
        isMultiRegionTrail
        s3BucketName
        status {
          isLogging
          latestDeliveryTime
        }
        insightSelectors {
          enabled
          selectors {
            insightType
            eventCategories
          }
        }
        tags {
          key
          value
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:add1061926d1f319739e0f5e572b22ad55ed42a18373e24381bb10f4e7b49ff1"}) as unknown as TypedDocumentString<TrailsOverviewQuery, TrailsOverviewQueryVariables>;
export const InsightEventsDocument = new TypedDocumentString(`
    query InsightEvents($region: String, $first: Int = 10, $after: String) {
  insightEvents(region: $region, first: $first, after: $after) {
    edges {
      node {
        id
        eventSource
        eventName
        insightType
        state
        startTime
        endTime
        statistics {
          baselineAverage
          insightAverage
          insightDurationMinutes
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:67ee957396ad1c1c92453802f0f202790283d40856a31d0b8fcb5a0f161793ef"}) as unknown as TypedDocumentString<InsightEventsQuery, InsightEventsQueryVariables>;
export const InsightsDashboardDocument = new TypedDocumentString(`
    query InsightsDashboard($series: [InsightsMetricSeriesKeyInput!]! = [{eventSource: "ssm.amazonaws.com", eventName: "PutParameter", insightType: ApiCallRateInsight}, {eventSource: "ssm.amazonaws.com", eventName: "PutParameter", insightType: ApiErrorRateInsight, errorCode: "ThrottlingException"}, {eventSource: "secretsmanager.amazonaws.com", eventName: "CreateSecret", insightType: ApiCallRateInsight}, {eventSource: "ec2.amazonaws.com", eventName: "GetPasswordData", insightType: ApiErrorRateInsight, errorCode: "Client.UnauthorizedOperation"}], $period: Int = 300, $startTime: DateTime, $endTime: DateTime, $points: Int = 1000, $region: String) {
  insightsMetricSeriesList(
    input: {series: $series, period: $period, dataType: FILL_WITH_ZEROS, startTime: $startTime, endTime: $endTime, region: $region}
  ) {
    __typename
    ... on InsightsMetricSeries {
      id
      eventSource
      eventName
      insightType
      errorCode
      period
      effectiveStartTime
      effectiveEndTime
      truncatedByRetention
      total
      maximum
      maximumTime
      mean
      pointCount
      points(first: $points) {
        edges {
          node {
            timestamp
            value
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
    ... on AwsError {
      code
      message
      retryable
    }
  }
}
    `, {"hash":"sha256:ac071d8c40dced58f440cc1a69209d45ef4a3b34b623cae5bda040d1c518d649"}) as unknown as TypedDocumentString<InsightsDashboardQuery, InsightsDashboardQueryVariables>;
export const InsightInvestigationDocument = new TypedDocumentString(`
    query InsightInvestigation($filter: InsightEventsFilter, $insights: Int = 3, $points: Int = 200, $events: Int = 20, $region: String) {
  insightEvents(filter: $filter, first: $insights, region: $region) {
    edges {
      node {
        id
        sharedEventId
        state
        startTime
        endTime
        eventSource
        eventName
        insightType
        errorCode
        statistics {
          baselineAverage
          insightAverage
          insightDurationMinutes
          baselineDurationMinutes
        }
        attributions {
          userIdentityArns {
            insight {
              value
              average
            }
            baseline {
              value
              average
            }
          }
          userAgents {
            insight {
              value
              average
            }
          }
          errorCodes {
            insight {
              value
              average
            }
          }
        }
        metricSeries(period: 60, contextMinutes: 30) {
          __typename
          ... on InsightsMetricSeries {
            id
            total
            maximum
            maximumTime
            points(first: $points) {
              edges {
                node {
                  timestamp
                  value
                }
              }
            }
          }
          ... on AwsError {
            code
            message
          }
        }
        events(first: $events, onlyCounted: true) {
          edges {
            node {
              eventTime
              eventName
              username
              userIdentityArn
              sourceIPAddress
              userAgent
              errorCode
              resources {
                type
                name
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:209babef5db5a879b674c468c08330b0bbce2396d45084de576a853a3fbb3c88"}) as unknown as TypedDocumentString<InsightInvestigationQuery, InsightInvestigationQueryVariables>;
export const PutTrailInsightSelectorsDocument = new TypedDocumentString(`
    mutation PutTrailInsightSelectors($input: PutTrailInsightSelectorsInput! = {trail: "management-events", insightSelectors: [{insightType: ApiCallRateInsight}, {insightType: ApiErrorRateInsight, eventCategories: [Management]}]}) {
  putTrailInsightSelectors(input: $input) {
    __typename
    ... on PutTrailInsightSelectorsPayload {
      previousInsightSelectors {
        enabled
        selectors {
          insightType
          eventCategories
        }
      }
      insightSelectors {
        enabled
        selectors {
          insightType
          eventCategories
        }
      }
      trail {
        id
        name
        hasInsightSelectors
        insightSelectors {
          enabled
          selectors {
            insightType
            eventCategories
          }
        }
      }
    }
    ... on AwsError {
      code
      message
      retryable
      rejectedBeforeCall
    }
  }
}
    `, {"hash":"sha256:61e46afc2d7d4376087397b7bbb369914d332403a416d7ee275a12fe20913694"}) as unknown as TypedDocumentString<PutTrailInsightSelectorsMutation, PutTrailInsightSelectorsMutationVariables>;
export const PutEventSelectorsDocument = new TypedDocumentString(`
    mutation PutEventSelectors($input: PutEventSelectorsInput! = {trail: "sandbox", basic: [{readWriteType: All, includeManagementEvents: true}]}) {
  putEventSelectors(input: $input) {
    __typename
    ... on PutEventSelectorsPayload {
      previousEventSelectors {
        ...TrailEventSelectorsFields
      }
      eventSelectors {
        ...TrailEventSelectorsFields
      }
      trail {
        id
        name
        hasCustomEventSelectors
        eventSelectors {
          ...TrailEventSelectorsFields
        }
      }
    }
    ... on AwsError {
      code
      message
      retryable
      rejectedBeforeCall
    }
  }
}
    fragment TrailEventSelectorsFields on TrailEventSelectors {
  __typename
  ... on BasicEventSelectors {
    selectors {
      readWriteType
      includeManagementEvents
      dataResources {
        type
        values
      }
    }
  }
  ... on AdvancedEventSelectors {
    selectors {
      name
      fieldSelectors {
        field
        equals
        startsWith
        notEquals
      }
    }
  }
}`, {"hash":"sha256:b9731107d545ccd9c1b94b1730c5cde1184dc017837eac5a5bc93253b962a1e6"}) as unknown as TypedDocumentString<PutEventSelectorsMutation, PutEventSelectorsMutationVariables>;
export const PutEventDataStoreInsightSelectorsDocument = new TypedDocumentString(`
    mutation PutEventDataStoreInsightSelectors($input: PutEventDataStoreInsightSelectorsInput! = {eventDataStore: "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/b875feca-7821-4a72-97ec-b78bf87a9210", insightsDestination: "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/f62ec80b-c656-4629-b207-4bbf10f5da98", insightSelectors: [{insightType: ApiCallRateInsight}, {insightType: ApiErrorRateInsight}]}) {
  putEventDataStoreInsightSelectors(input: $input) {
    __typename
    ... on PutEventDataStoreInsightSelectorsPayload {
      previousInsightSelectors {
        enabled
      }
      previousInsightsDestination {
        id
        name
      }
      eventDataStore {
        id
        name
        insightSelectors {
          enabled
          selectors {
            insightType
            eventCategories
          }
        }
        insightsDestination {
          id
          name
          arn
        }
      }
    }
    ... on AwsError {
      code
      message
      retryable
      rejectedBeforeCall
    }
  }
}
    `, {"hash":"sha256:11fa89f831423f3d4d64a427b040971a2c9a8d2161ea2ee6984ebb809a1a53a5"}) as unknown as TypedDocumentString<PutEventDataStoreInsightSelectorsMutation, PutEventDataStoreInsightSelectorsMutationVariables>;
export const LiveInsightsDocument = new TypedDocumentString(`
    subscription LiveInsights($region: String, $after: String) {
  insightEventStarted(region: $region, after: $after) {
    cursor
    insight {
      id
      eventSource
      eventName
      insightType
      state
      startTime
      statistics {
        baselineAverage
        insightAverage
      }
    }
  }
}
    `, {"hash":"sha256:1c1172758f87af7f54c08c95e8b3f1127ecc06790b29186261235a7a2d3ba62b"}) as unknown as TypedDocumentString<LiveInsightsSubscription, LiveInsightsSubscriptionVariables>;
export const OrganizationInsightsOverviewDocument = new TypedDocumentString(`
    query OrganizationInsightsOverview($startTime: DateTime = "2000-01-01T00:00:00Z", $endTime: DateTime, $first: Int = 20, $after: String) {
  accounts(first: 100) {
    edges {
      node {
        id
        number
        name
        regions
        credentials {
          state
          errorCode
        }
      }
    }
  }
  insightsSummary(window: {startTime: $startTime, endTime: $endTime}, scope: {}) {
    total
    byAccount {
      key
      count
    }
    byRegion {
      key
      count
    }
    byEventSource {
      key
      count
    }
    byInsightType {
      key
      count
    }
    lookupEventsCalls
    failedShards {
      accountId
      region
      code
      retryable
    }
  }
  insightEvents(
    first: $first
    after: $after
    scope: {}
    filter: {startTime: $startTime, endTime: $endTime}
  ) {
    edges {
      node {
        id
        accountId
        region
        eventSource
        eventName
        insightType
        startTime
        state
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    failedShards {
      accountId
      region
      code
      retryable
    }
  }
}
    `, {"hash":"sha256:57ef3b7c95deb8d3023a43ed04d386dfdff6befe6f8278343af5b6c59d5556bd"}) as unknown as TypedDocumentString<OrganizationInsightsOverviewQuery, OrganizationInsightsOverviewQueryVariables>;
export const OrganizationInsightsDashboardDocument = new TypedDocumentString(`
    query OrganizationInsightsDashboard($series: [InsightsMetricSeriesKeyInput!]! = [{eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey", insightType: ApiCallRateInsight}, {eventSource: "ec2.amazonaws.com", eventName: "RunInstances", insightType: ApiCallRateInsight}, {eventSource: "s3.amazonaws.com", eventName: "PutBucketPolicy", insightType: ApiErrorRateInsight, errorCode: "AccessDenied"}], $period: Int = 300, $startTime: DateTime, $endTime: DateTime, $scope: OrganizationScope = {}) {
  insightsMetricSeriesList(
    input: {series: $series, period: $period, dataType: NON_ZERO_DATA, startTime: $startTime, endTime: $endTime}
    scope: $scope
  ) {
    __typename
    ... on InsightsMetricSeries {
      id
      accountId
      region
      eventSource
      eventName
      insightType
      errorCode
      total
      maximum
      maximumTime
      pointCount
    }
    ... on FailedShard {
      failedAccountId: accountId
      region
      code
      retryable
    }
    ... on AwsError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:f945c06aae4865ee3e95fde1a165f2f3a310f39742703a036b4d74477c968cbe"}) as unknown as TypedDocumentString<OrganizationInsightsDashboardQuery, OrganizationInsightsDashboardQueryVariables>;