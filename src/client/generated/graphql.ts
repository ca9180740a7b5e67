/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Which Insights to list. Every field narrows the list; all are optional. */
export type InsightEventsFilter = {
  /** Insights that started at or before this time. */
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
  /** Required for (and only for) ApiErrorRateInsight: the error code counted, e.g. `AccessDenied`. */
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

/** The events an Insights analysis watches: Management (API calls that manage resources) or Data (API calls on resources, such as S3 object reads). Event data stores support Management only. */
export type SourceEventCategory =
  | 'Data'
  | 'Management';

export type TrailsOverviewQueryVariables = Exact<{
  region?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type TrailsOverviewQuery = { defaultRegion: string, trails: { edges: Array<{ node: { id: string, name: string, homeRegion: string, isMultiRegionTrail: boolean, s3BucketName: string, status: { isLogging: boolean, latestDeliveryTime: string | null } | null, insightSelectors: { enabled: boolean, selectors: Array<{ insightType: InsightType, eventCategories: Array<SourceEventCategory> }> } | null, tags: Array<{ key: string, value: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type InsightEventsQueryVariables = Exact<{
  region?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type InsightEventsQuery = { insightEvents:
    | { edges: Array<{ node: { eventSource: string, eventName: string, insightType: InsightType, state: InsightState, startTime: string, endTime: string | null, statistics: { baselineAverage: number | null, insightAverage: number | null, insightDurationMinutes: number | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
    | { code: string, message: string }
   };

export type InsightsDashboardQueryVariables = Exact<{
  series?: Array<InsightsMetricSeriesKeyInput> | InsightsMetricSeriesKeyInput;
  period?: number | null | undefined;
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  points?: number | null | undefined;
  region?: string | null | undefined;
}>;


export type InsightsDashboardQuery = { insightsMetricSeriesList: Array<
    | { __typename: 'InsightsMetricSeries', eventSource: string, eventName: string, insightType: InsightType, errorCode: string | null, period: number, effectiveStartTime: string, effectiveEndTime: string, truncatedByRetention: boolean, total: number, maximum: number | null, maximumTime: string | null, mean: number | null, pointCount: number, points: { edges: Array<{ node: { timestamp: string, value: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } }
    | { __typename: 'InvalidParameterException', code: string, message: string, retryable: boolean }
    | { __typename: 'InvalidTrailNameException', code: string, message: string, retryable: boolean }
    | { __typename: 'OperationNotPermittedException', code: string, message: string, retryable: boolean }
    | { __typename: 'ThrottlingException', code: string, message: string, retryable: boolean }
    | { __typename: 'UnmodelledAwsError', code: string, message: string, retryable: boolean }
    | { __typename: 'UnsupportedOperationException', code: string, message: string, retryable: boolean }
  > };

export type InsightInvestigationQueryVariables = Exact<{
  filter?: InsightEventsFilter | null | undefined;
  insights?: number | null | undefined;
  points?: number | null | undefined;
  events?: number | null | undefined;
  region?: string | null | undefined;
}>;


export type InsightInvestigationQuery = { insightEvents:
    | { __typename: 'InsightEventConnection', edges: Array<{ node: { sharedEventId: string, state: InsightState, startTime: string, endTime: string | null, eventSource: string, eventName: string, insightType: InsightType, errorCode: string | null, statistics: { baselineAverage: number | null, insightAverage: number | null, insightDurationMinutes: number | null, baselineDurationMinutes: number | null }, attributions: { userIdentityArns: { insight: Array<{ value: string, average: number }>, baseline: Array<{ value: string, average: number }> }, userAgents: { insight: Array<{ value: string, average: number }> }, errorCodes: { insight: Array<{ value: string, average: number }> } } | null, metricSeries:
            | { __typename: 'InsightsMetricSeries', total: number, maximum: number | null, maximumTime: string | null, points: { edges: Array<{ node: { timestamp: string, value: number } }> } }
            | { __typename: 'InvalidParameterException', code: string, message: string }
            | { __typename: 'InvalidTrailNameException', code: string, message: string }
            | { __typename: 'OperationNotPermittedException', code: string, message: string }
            | { __typename: 'ThrottlingException', code: string, message: string }
            | { __typename: 'UnmodelledAwsError', code: string, message: string }
            | { __typename: 'UnsupportedOperationException', code: string, message: string }
          , events:
            | { __typename: 'CloudTrailEventConnection', edges: Array<{ node: { eventTime: string, eventName: string, username: string | null, userIdentityArn: string | null, sourceIPAddress: string | null, userAgent: string | null, errorCode: string | null, resources: Array<{ type: string | null, name: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }
            | { __typename: 'InvalidEventCategoryException', code: string, message: string }
            | { __typename: 'InvalidLookupAttributesException', code: string, message: string }
            | { __typename: 'InvalidMaxResultsException', code: string, message: string }
            | { __typename: 'InvalidNextTokenException', code: string, message: string }
            | { __typename: 'InvalidTimeRangeException', code: string, message: string }
            | { __typename: 'OperationNotPermittedException', code: string, message: string }
            | { __typename: 'ThrottlingException', code: string, message: string }
            | { __typename: 'UnmodelledAwsError', code: string, message: string }
            | { __typename: 'UnsupportedOperationException', code: string, message: string }
           } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }
    | { __typename: 'InvalidEventCategoryException', code: string, message: string }
    | { __typename: 'InvalidLookupAttributesException', code: string, message: string }
    | { __typename: 'InvalidMaxResultsException', code: string, message: string }
    | { __typename: 'InvalidNextTokenException', code: string, message: string }
    | { __typename: 'InvalidParameterException', code: string, message: string }
    | { __typename: 'InvalidTimeRangeException', code: string, message: string }
    | { __typename: 'OperationNotPermittedException', code: string, message: string }
    | { __typename: 'ThrottlingException', code: string, message: string }
    | { __typename: 'UnmodelledAwsError', code: string, message: string }
    | { __typename: 'UnsupportedOperationException', code: string, message: string }
   };

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

export const TrailsOverviewDocument = new TypedDocumentString(`
    query TrailsOverview($region: String, $first: Int = 20) {
  defaultRegion
  trails(region: $region, first: $first) {
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
    `, {"hash":"sha256:7614b33e9033e2eed002276cf88e498dce530205558375aeea32fdf8a2da5020"}) as unknown as TypedDocumentString<TrailsOverviewQuery, TrailsOverviewQueryVariables>;
export const InsightEventsDocument = new TypedDocumentString(`
    query InsightEvents($region: String, $first: Int = 10) {
  insightEvents(region: $region, first: $first) {
    ... on InsightEventConnection {
      edges {
        node {
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
    ... on AwsError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:b77030f1720e6cda44799c963a34fcf618024b59413844502353030d904a2704"}) as unknown as TypedDocumentString<InsightEventsQuery, InsightEventsQueryVariables>;
export const InsightsDashboardDocument = new TypedDocumentString(`
    query InsightsDashboard($series: [InsightsMetricSeriesKeyInput!]! = [{eventSource: "ssm.amazonaws.com", eventName: "PutParameter", insightType: ApiCallRateInsight}, {eventSource: "ssm.amazonaws.com", eventName: "PutParameter", insightType: ApiErrorRateInsight, errorCode: "ThrottlingException"}, {eventSource: "secretsmanager.amazonaws.com", eventName: "CreateSecret", insightType: ApiCallRateInsight}, {eventSource: "ec2.amazonaws.com", eventName: "GetPasswordData", insightType: ApiErrorRateInsight, errorCode: "Client.UnauthorizedOperation"}], $period: Int = 300, $startTime: DateTime, $endTime: DateTime, $points: Int = 1000, $region: String) {
  insightsMetricSeriesList(
    input: {series: $series, period: $period, dataType: FILL_WITH_ZEROS, startTime: $startTime, endTime: $endTime, region: $region}
  ) {
    __typename
    ... on InsightsMetricSeries {
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
    `, {"hash":"sha256:72074c0481823730797b6dbbe89f06d549f067abba801314cbb93c8c13a1c2b5"}) as unknown as TypedDocumentString<InsightsDashboardQuery, InsightsDashboardQueryVariables>;
export const InsightInvestigationDocument = new TypedDocumentString(`
    query InsightInvestigation($filter: InsightEventsFilter, $insights: Int = 3, $points: Int = 200, $events: Int = 20, $region: String) {
  insightEvents(filter: $filter, first: $insights, region: $region) {
    __typename
    ... on InsightEventConnection {
      edges {
        node {
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
            __typename
            ... on CloudTrailEventConnection {
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
            ... on AwsError {
              code
              message
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    ... on AwsError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:0d98c5b4b73fed4e9c6571b49dc3fc2de48fff8e5306bf7b8f4ebb2da9b32e97"}) as unknown as TypedDocumentString<InsightInvestigationQuery, InsightInvestigationQueryVariables>;