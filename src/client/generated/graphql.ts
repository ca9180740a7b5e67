/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Whether an Insight is still under way. */
export type InsightState =
  /** Only its Start event exists: the unusual activity has not ended yet. */
  | 'ACTIVE'
  /** Its End event exists: the activity is back to its baseline. */
  | 'ENDED';

/** A kind of CloudTrail Insights analysis. ApiCallRateInsight watches the per-minute volume of write management API calls against their baseline; ApiErrorRateInsight watches the per-minute volume of calls that fail with an error code. */
export type InsightType =
  | 'ApiCallRateInsight'
  | 'ApiErrorRateInsight';

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