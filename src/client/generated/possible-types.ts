
      export interface PossibleTypesResultData {
        possibleTypes: {
          [key: string]: string[]
        }
      }
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AwsError": [
      "CloudTrailARNInvalidException",
      "ConflictException",
      "EventDataStoreARNInvalidException",
      "EventDataStoreNotFoundException",
      "FailedShard",
      "InsightNotEnabledException",
      "InsufficientDependencyServiceAccessPermissionException",
      "InsufficientEncryptionPolicyException",
      "InsufficientS3BucketPolicyException",
      "InvalidEventSelectorsException",
      "InvalidHomeRegionException",
      "InvalidInsightSelectorsException",
      "InvalidParameterCombinationException",
      "InvalidParameterException",
      "InvalidTrailNameException",
      "KmsException",
      "NoManagementAccountSLRExistsException",
      "NotOrganizationMasterAccountException",
      "OperationNotPermittedException",
      "S3BucketDoesNotExistException",
      "ThrottlingException",
      "TrailNotFoundException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "EventDataStoreResult": [
      "EventDataStore",
      "EventDataStoreARNInvalidException",
      "EventDataStoreNotFoundException",
      "InvalidParameterException",
      "NoManagementAccountSLRExistsException",
      "OperationNotPermittedException",
      "ThrottlingException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "InsightEventMetricSeriesResult": [
      "InsightsMetricSeries",
      "InvalidParameterException",
      "InvalidTrailNameException",
      "OperationNotPermittedException",
      "ThrottlingException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "InsightsMetricSeriesListItemResult": [
      "FailedShard",
      "InsightsMetricSeries",
      "InvalidParameterException",
      "InvalidTrailNameException",
      "OperationNotPermittedException",
      "ThrottlingException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "InsightsMetricSeriesResult": [
      "InsightsMetricSeries",
      "InvalidParameterException",
      "InvalidTrailNameException",
      "OperationNotPermittedException",
      "ThrottlingException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "Node": [
      "Account",
      "EventDataStore",
      "InsightEvent",
      "InsightsMetricSeries",
      "Trail"
    ],
    "PutEventDataStoreInsightSelectorsResult": [
      "CloudTrailARNInvalidException",
      "ConflictException",
      "InsightNotEnabledException",
      "InsufficientEncryptionPolicyException",
      "InsufficientS3BucketPolicyException",
      "InvalidHomeRegionException",
      "InvalidInsightSelectorsException",
      "InvalidParameterCombinationException",
      "InvalidParameterException",
      "InvalidTrailNameException",
      "KmsException",
      "NoManagementAccountSLRExistsException",
      "NotOrganizationMasterAccountException",
      "OperationNotPermittedException",
      "PutEventDataStoreInsightSelectorsPayload",
      "S3BucketDoesNotExistException",
      "ThrottlingException",
      "TrailNotFoundException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "PutEventSelectorsResult": [
      "CloudTrailARNInvalidException",
      "ConflictException",
      "InsufficientDependencyServiceAccessPermissionException",
      "InvalidEventSelectorsException",
      "InvalidHomeRegionException",
      "InvalidTrailNameException",
      "NoManagementAccountSLRExistsException",
      "NotOrganizationMasterAccountException",
      "OperationNotPermittedException",
      "PutEventSelectorsPayload",
      "ThrottlingException",
      "TrailNotFoundException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "PutTrailInsightSelectorsResult": [
      "CloudTrailARNInvalidException",
      "ConflictException",
      "InsightNotEnabledException",
      "InsufficientEncryptionPolicyException",
      "InsufficientS3BucketPolicyException",
      "InvalidHomeRegionException",
      "InvalidInsightSelectorsException",
      "InvalidParameterCombinationException",
      "InvalidParameterException",
      "InvalidTrailNameException",
      "KmsException",
      "NoManagementAccountSLRExistsException",
      "NotOrganizationMasterAccountException",
      "OperationNotPermittedException",
      "PutTrailInsightSelectorsPayload",
      "S3BucketDoesNotExistException",
      "ThrottlingException",
      "TrailNotFoundException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "TrailEventSelectors": [
      "AdvancedEventSelectors",
      "BasicEventSelectors"
    ],
    "TrailInsightsMetricSeriesResult": [
      "InsightsMetricSeries",
      "InvalidParameterException",
      "InvalidTrailNameException",
      "OperationNotPermittedException",
      "ThrottlingException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ],
    "TrailResult": [
      "CloudTrailARNInvalidException",
      "InvalidTrailNameException",
      "NoManagementAccountSLRExistsException",
      "OperationNotPermittedException",
      "ThrottlingException",
      "Trail",
      "TrailNotFoundException",
      "UnmodelledAwsError",
      "UnsupportedOperationException"
    ]
  }
};
      export default result;
    