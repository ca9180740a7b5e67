import { describe, expect, it } from 'vitest';
import {
  checkBillingModeChange,
  checkEventDataStoreCount,
  checkEventDataStoreName,
  checkEventDataStoreRef,
  checkKmsKeyId,
  checkListEventDataStoresMaxResults,
  checkRetentionPeriod,
  eventDataStoreArn,
  eventDataStoreRefParts,
} from '../../src/rules/event-data-store.js';

const exampleArn = 'arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';

describe('event data store names', () => {
  it('accepts 3 to 128 letters, digits, periods, underscores and dashes', () => {
    expect(checkEventDataStoreName('abc')).toBeUndefined();
    expect(checkEventDataStoreName('My_store.v2-prod')).toBeUndefined();
    expect(checkEventDataStoreName('x'.repeat(128))).toBeUndefined();
  });

  it.each([['ab'], ['x'.repeat(129)], ['my store'], ['my/store'], [''], [undefined]])(
    'refuses %j with InvalidParameterException',
    (name) => {
      expect(checkEventDataStoreName(name)?.type).toBe('InvalidParameterException');
    },
  );
});

describe('event data store ARN-or-ID arguments', () => {
  it('accepts the documented ARN form and a bare ID', () => {
    expect(checkEventDataStoreRef(exampleArn)).toBeUndefined();
    expect(checkEventDataStoreRef('EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE')).toBeUndefined();
  });

  it('refuses values outside 3 to 256 characters of [a-zA-Z0-9._/-:]', () => {
    expect(checkEventDataStoreRef('ab')?.type).toBe('EventDataStoreARNInvalidException');
    expect(checkEventDataStoreRef('a'.repeat(257))?.type).toBe('EventDataStoreARNInvalidException');
    expect(checkEventDataStoreRef('store id')?.type).toBe('EventDataStoreARNInvalidException');
  });

  it('refuses an ARN of another resource type', () => {
    expect(checkEventDataStoreRef('arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail')?.type).toBe(
      'EventDataStoreARNInvalidException',
    );
  });

  it('uses the exception the operation documents', () => {
    expect(checkEventDataStoreRef('ab', 'InsightsDestination', 'CloudTrailARNInvalidException')?.type).toBe(
      'CloudTrailARNInvalidException',
    );
  });

  it('builds ARNs in the documented form and splits them back', () => {
    expect(eventDataStoreArn('us-east-2', '123456789012', 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE')).toBe(exampleArn);
    expect(eventDataStoreRefParts(exampleArn)).toEqual({
      id: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE',
      accountId: '123456789012',
      region: 'us-east-2',
    });
    expect(eventDataStoreRefParts('abc-123')).toEqual({ id: 'abc-123' });
  });
});

describe('retention and billing', () => {
  it('allows 7 to 3653 days with extendable retention pricing', () => {
    expect(checkRetentionPeriod(7, 'EXTENDABLE_RETENTION_PRICING')).toBeUndefined();
    expect(checkRetentionPeriod(3653, 'EXTENDABLE_RETENTION_PRICING')).toBeUndefined();
    expect(checkRetentionPeriod(6, 'EXTENDABLE_RETENTION_PRICING')?.type).toBe('InvalidParameterException');
    expect(checkRetentionPeriod(3654, 'EXTENDABLE_RETENTION_PRICING')?.type).toBe('InvalidParameterException');
  });

  it('allows 7 to 2557 days with fixed retention pricing', () => {
    expect(checkRetentionPeriod(2557, 'FIXED_RETENTION_PRICING')).toBeUndefined();
    expect(checkRetentionPeriod(2558, 'FIXED_RETENTION_PRICING')?.type).toBe('InvalidParameterException');
  });

  it('refuses fractional days', () => {
    expect(checkRetentionPeriod(30.5, 'EXTENDABLE_RETENTION_PRICING')?.type).toBe('InvalidParameterException');
  });

  it('allows fixed to extendable pricing only', () => {
    expect(checkBillingModeChange('FIXED_RETENTION_PRICING', 'EXTENDABLE_RETENTION_PRICING')).toBeUndefined();
    expect(checkBillingModeChange('EXTENDABLE_RETENTION_PRICING', 'FIXED_RETENTION_PRICING')?.type).toBe('InvalidParameterException');
  });
});

describe('KMS keys, quotas and paging', () => {
  it.each([
    'alias/MyAliasName',
    'arn:aws:kms:us-east-2:123456789012:alias/MyAliasName',
    'arn:aws:kms:us-east-2:123456789012:key/12345678-1234-1234-1234-123456789012',
    '12345678-1234-1234-1234-123456789012',
  ])('accepts the documented KMS key form %s', (key) => {
    expect(checkKmsKeyId(key)).toBeUndefined();
  });

  it('refuses other KMS key values with InvalidKmsKeyIdException', () => {
    expect(checkKmsKeyId('my key')?.type).toBe('InvalidKmsKeyIdException');
    expect(checkKmsKeyId('arn:aws:s3:::bucket')?.type).toBe('InvalidKmsKeyIdException');
  });

  it('allows a tenth store in a Region but not an eleventh', () => {
    expect(checkEventDataStoreCount(9)).toBeUndefined();
    expect(checkEventDataStoreCount(10)?.type).toBe('EventDataStoreMaxLimitExceededException');
  });

  it('allows MaxResults 1 to 1000', () => {
    expect(checkListEventDataStoresMaxResults(1)).toBeUndefined();
    expect(checkListEventDataStoresMaxResults(1000)).toBeUndefined();
    expect(checkListEventDataStoresMaxResults(0)?.type).toBe('InvalidMaxResultsException');
    expect(checkListEventDataStoresMaxResults(1001)?.type).toBe('InvalidMaxResultsException');
  });
});
