/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query TrailsOverview($region: String, $first: Int = 20) {\n  defaultRegion\n  trails(region: $region, first: $first) {\n    edges {\n      node {\n        id\n        name\n        homeRegion\n        isMultiRegionTrail\n        s3BucketName\n        status {\n          isLogging\n          latestDeliveryTime\n        }\n        insightSelectors {\n          enabled\n          selectors {\n            insightType\n            eventCategories\n          }\n        }\n        tags {\n          key\n          value\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.TrailsOverviewDocument,
    "query InsightEvents($region: String, $first: Int = 10) {\n  insightEvents(region: $region, first: $first) {\n    ... on InsightEventConnection {\n      edges {\n        node {\n          eventSource\n          eventName\n          insightType\n          state\n          startTime\n          endTime\n          statistics {\n            baselineAverage\n            insightAverage\n            insightDurationMinutes\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    ... on AwsError {\n      code\n      message\n    }\n  }\n}": typeof types.InsightEventsDocument,
};
const documents: Documents = {
    "query TrailsOverview($region: String, $first: Int = 20) {\n  defaultRegion\n  trails(region: $region, first: $first) {\n    edges {\n      node {\n        id\n        name\n        homeRegion\n        isMultiRegionTrail\n        s3BucketName\n        status {\n          isLogging\n          latestDeliveryTime\n        }\n        insightSelectors {\n          enabled\n          selectors {\n            insightType\n            eventCategories\n          }\n        }\n        tags {\n          key\n          value\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.TrailsOverviewDocument,
    "query InsightEvents($region: String, $first: Int = 10) {\n  insightEvents(region: $region, first: $first) {\n    ... on InsightEventConnection {\n      edges {\n        node {\n          eventSource\n          eventName\n          insightType\n          state\n          startTime\n          endTime\n          statistics {\n            baselineAverage\n            insightAverage\n            insightDurationMinutes\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    ... on AwsError {\n      code\n      message\n    }\n  }\n}": types.InsightEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TrailsOverview($region: String, $first: Int = 20) {\n  defaultRegion\n  trails(region: $region, first: $first) {\n    edges {\n      node {\n        id\n        name\n        homeRegion\n        isMultiRegionTrail\n        s3BucketName\n        status {\n          isLogging\n          latestDeliveryTime\n        }\n        insightSelectors {\n          enabled\n          selectors {\n            insightType\n            eventCategories\n          }\n        }\n        tags {\n          key\n          value\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): typeof import('./graphql.js').TrailsOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query InsightEvents($region: String, $first: Int = 10) {\n  insightEvents(region: $region, first: $first) {\n    ... on InsightEventConnection {\n      edges {\n        node {\n          eventSource\n          eventName\n          insightType\n          state\n          startTime\n          endTime\n          statistics {\n            baselineAverage\n            insightAverage\n            insightDurationMinutes\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    ... on AwsError {\n      code\n      message\n    }\n  }\n}"): typeof import('./graphql.js').InsightEventsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
