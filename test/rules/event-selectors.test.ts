import { describe, expect, it } from 'vitest';
import {
  checkAdvancedEventSelectors,
  checkEventSelectors,
  checkPutEventSelectors,
  loggedEvents,
  withEventSelectorDefaults,
} from '../../src/rules/event-selectors.js';

const management = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const s3Data = {
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
  ],
};
const insights = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] };

describe('basic event selectors', () => {
  it('allows 1 to 5 selectors', () => {
    expect(checkEventSelectors([{}])).toBeUndefined();
    expect(checkEventSelectors([{}, {}, {}, {}, {}])).toBeUndefined();
    expect(checkEventSelectors([])?.type).toBe('InvalidEventSelectorsException');
    expect(checkEventSelectors([{}, {}, {}, {}, {}, {}])?.type).toBe('InvalidEventSelectorsException');
  });

  it('counts data resources across selectors against the 250 limit, except account-wide prefixes', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:s3:::b${i}/`);
    const split = (a: number, b: number) => [
      { DataResources: [{ Type: 'AWS::S3::Object', Values: values(a) }] },
      { DataResources: [{ Type: 'AWS::S3::Object', Values: values(b) }] },
    ];
    expect(checkEventSelectors(split(125, 125))).toBeUndefined();
    expect(checkEventSelectors(split(125, 126))?.type).toBe('InvalidEventSelectorsException');
    const allS3 = { DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] };
    expect(checkEventSelectors([...split(125, 125), allS3])).toBeUndefined();
  });

  it('checks ReadWriteType, resource types, ARN services and excluded sources', () => {
    expect(checkEventSelectors([{ ReadWriteType: 'read-only' }])?.type).toBe('InvalidEventSelectorsException');
    expect(checkEventSelectors([{ DataResources: [{ Type: 'AWS::SNS::Topic', Values: ['arn:aws:sns'] }] }])?.type).toBe(
      'InvalidEventSelectorsException',
    );
    expect(checkEventSelectors([{ DataResources: [{ Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:lambda'] }] }])?.type).toBe(
      'InvalidEventSelectorsException',
    );
    expect(checkEventSelectors([{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: [] }] }])?.type).toBe(
      'InvalidEventSelectorsException',
    );
    expect(checkEventSelectors([{ ExcludeManagementEventSources: ['kms.amazonaws.com'] }])).toBeUndefined();
    expect(checkEventSelectors([{ ExcludeManagementEventSources: ['ec2.amazonaws.com'] }])?.type).toBe(
      'InvalidEventSelectorsException',
    );
  });

  it('reads back with the documented defaults: All, management events included', () => {
    expect(withEventSelectorDefaults([{}])).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
    ]);
  });
});

describe('basic or advanced', () => {
  it('takes exactly one of EventSelectors and AdvancedEventSelectors', () => {
    expect(checkPutEventSelectors({ EventSelectors: [{}] })).toBeUndefined();
    expect(checkPutEventSelectors({ AdvancedEventSelectors: [management] })).toBeUndefined();
    expect(checkPutEventSelectors({ EventSelectors: [{}], AdvancedEventSelectors: [management] })?.type).toBe(
      'InvalidEventSelectorsException',
    );
    expect(checkPutEventSelectors({})?.type).toBe('InvalidEventSelectorsException');
  });
});

describe('advanced event selectors', () => {
  it('accepts management and data selectors on a trail', () => {
    expect(checkAdvancedEventSelectors([management, s3Data], 'trail')).toBeUndefined();
  });

  it('allows 500 condition values on a trail, not 501', () => {
    const withValues = (n: number) => [
      {
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'eventName', Equals: Array.from({ length: n - 2 }, (_, i) => `Op${i}`) },
        ],
      },
    ];
    expect(checkAdvancedEventSelectors(withValues(500), 'trail')).toBeUndefined();
    expect(checkAdvancedEventSelectors(withValues(501), 'trail')?.type).toBe('InvalidEventSelectorsException');
  });

  it('allows Insight selectors on event data stores only', () => {
    expect(checkAdvancedEventSelectors([insights], 'eventDataStore')).toBeUndefined();
    expect(checkAdvancedEventSelectors([insights], 'trail')?.type).toBe('InvalidEventSelectorsException');
  });

  it('refuses an event data store mixing Insights and management events', () => {
    expect(checkAdvancedEventSelectors([insights, management], 'eventDataStore')?.type).toBe('InvalidEventSelectorsException');
  });

  it('allows five selectors on an event data store, not six', () => {
    expect(checkAdvancedEventSelectors(Array(5).fill(management), 'eventDataStore')).toBeUndefined();
    expect(checkAdvancedEventSelectors(Array(6).fill(management), 'eventDataStore')?.type).toBe('InvalidEventSelectorsException');
  });

  it('allows eventName on management events of event data stores but not of trails', () => {
    const selector = { FieldSelectors: [...management.FieldSelectors, { Field: 'eventName', Equals: ['ConsoleLogin'] }] };
    expect(checkAdvancedEventSelectors([selector], 'eventDataStore')).toBeUndefined();
    expect(checkAdvancedEventSelectors([selector], 'trail')?.type).toBe('InvalidEventSelectorsException');
  });

  it('uses only Equals with readOnly, eventCategory and resources.type', () => {
    const startsWithType = {
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', StartsWith: ['AWS::S3'] },
      ],
    };
    expect(checkAdvancedEventSelectors([startsWithType], 'trail')?.type).toBe('InvalidEventSelectorsException');
  });

  it('needs eventSource on network activity selectors', () => {
    const network = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['NetworkActivity'] }] };
    expect(checkAdvancedEventSelectors([network], 'trail')?.type).toBe('InvalidEventSelectorsException');
    const withSource = { FieldSelectors: [...network.FieldSelectors, { Field: 'eventSource', Equals: ['s3.amazonaws.com'] }] };
    expect(checkAdvancedEventSelectors([withSource], 'trail')).toBeUndefined();
  });
});

describe('what selectors log', () => {
  it('a new trail (no selectors) logs read and write management events and no data events', () => {
    expect(loggedEvents({})).toEqual({
      readManagementEvents: true,
      writeManagementEvents: true,
      dataEvents: false,
      insightsEvents: false,
    });
  });

  it('a WriteOnly basic selector logs write management events only', () => {
    expect(loggedEvents({ eventSelectors: [{ ReadWriteType: 'WriteOnly' }] })).toMatchObject({
      readManagementEvents: false,
      writeManagementEvents: true,
    });
  });

  it('a basic selector with data resources logs data events', () => {
    const selectors = [{ IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }];
    expect(loggedEvents({ eventSelectors: selectors })).toEqual({
      readManagementEvents: false,
      writeManagementEvents: false,
      dataEvents: true,
      insightsEvents: false,
    });
  });

  it('advanced readOnly true logs read management events only; an Insight selector logs Insights events', () => {
    const reads = { FieldSelectors: [...management.FieldSelectors, { Field: 'readOnly', Equals: ['true'] }] };
    expect(loggedEvents({ advancedEventSelectors: [reads] })).toMatchObject({ readManagementEvents: true, writeManagementEvents: false });
    expect(loggedEvents({ advancedEventSelectors: [insights] }).insightsEvents).toBe(true);
  });
});
