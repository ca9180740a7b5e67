import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateEventDataStoreCommand,
  DeleteEventDataStoreCommand,
  PutEventSelectorsCommand,
  type CloudTrailClient,
} from '@aws-sdk/client-cloudtrail';
import { operationExceptions } from '../../src/aws/operation-exceptions.generated.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail, enableTrailInsights } from '../helpers/trails.js';
import { AWS_ERROR_FIELDS, createInsightsStore, createSourceStore, type AwsErrorResult } from './selector-fixtures.js';

/**
 * Every error a selector mutation's result union lists, raised for real: by the emulator from the
 * state and input that make AWS raise it, by the gateway's own checks before any AWS call, or by
 * fault injection (the emulator answers with the exception over HTTP and the SDK raises its class).
 */

let t: TestGateway;
let east: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway();
  east = t.sdkClient('us-east-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

/** AWS: of these exceptions only ThrottlingException ("rate exceeded") goes away by retrying. */
// AWS documents these as worth retrying: throttling, and ConflictException ("wait a few minutes,
// and then try the operation again").
const expectedRetryable = (code: string): boolean => code === 'ThrottlingException' || code === 'ConflictException';

/** The members a mutation's union must have: what the SDK documents for the operations it calls. */
function expectedMembers(payload: string, ...operations: (keyof typeof operationExceptions)[]): string[] {
  const errors = new Set<string>(operations.flatMap((op) => operationExceptions[op]));
  errors.add('ThrottlingException');
  return [...errors, 'UnmodelledAwsError', payload].sort();
}

async function unionMembers(union: string): Promise<string[]> {
  const res = await t.query<{ __type: { possibleTypes: { name: string }[] } }>(
    `query ($n: String!) { __type(name: $n) { possibleTypes { name } } }`,
    { n: union },
  );
  return res.data!.__type.possibleTypes.map((p) => p.name).sort();
}

/** The exceptions of a union to inject into the put: all but the payload and the catch-all. */
function injectable(members: string[], payload: string): string[] {
  return members.filter((m) => m !== payload && m !== 'UnmodelledAwsError');
}

interface Mutation {
  field: string;
  union: string;
  payload: string;
  put: string;
  operations: (keyof typeof operationExceptions)[];
  document: string;
}

const mutation = (field: string, inputType: string, payload: string, put: string, operations: Mutation['operations']): Mutation => ({
  field,
  union: `${payload.replace(/Payload$/, '')}Result`,
  payload,
  put,
  operations,
  document: `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${AWS_ERROR_FIELDS} } }`,
});

const TRAIL_INSIGHTS = mutation(
  'putTrailInsightSelectors',
  'PutTrailInsightSelectorsInput',
  'PutTrailInsightSelectorsPayload',
  'PutInsightSelectors',
  ['PutInsightSelectors', 'GetInsightSelectors'],
);
const STORE_INSIGHTS = mutation(
  'putEventDataStoreInsightSelectors',
  'PutEventDataStoreInsightSelectorsInput',
  'PutEventDataStoreInsightSelectorsPayload',
  'PutInsightSelectors',
  ['PutInsightSelectors', 'GetInsightSelectors'],
);
const EVENT_SELECTORS = mutation(
  'putEventSelectors',
  'PutEventSelectorsInput',
  'PutEventSelectorsPayload',
  'PutEventSelectors',
  ['PutEventSelectors', 'GetEventSelectors'],
);

async function run(m: Mutation, input: Record<string, unknown>) {
  const res = await t.query<Record<string, AwsErrorResult>>(m.document, { input });
  expect(res.errors).toBeUndefined();
  return { result: res.data![m.field], awsCalls: res.extensions?.awsCalls ?? {} };
}

async function trailState(name: string): Promise<unknown> {
  const res = await t.query(
    `query ($n: String!) { trail(nameOrArn: $n) { ... on Trail {
      hasInsightSelectors hasCustomEventSelectors
      insightSelectors { enabled selectors { insightType eventCategories } }
      eventSelectors { __typename ... on BasicEventSelectors { selectors { readWriteType } } }
    } } }`,
    { n: name },
  );
  expect(res.errors).toBeUndefined();
  return res.data;
}

async function storeState(arn: string): Promise<unknown> {
  const res = await t.query(
    `query ($a: String!) { eventDataStore(arn: $a) { ... on EventDataStore {
      insightSelectors { enabled selectors { insightType } } insightsDestination { arn }
    } } }`,
    { a: arn },
  );
  expect(res.errors).toBeUndefined();
  return res.data;
}

/** Each mutation with a valid input and the state it would change, seeded afresh per case. */
const scenarios: { m: Mutation; seed: () => Promise<{ input: Record<string, unknown>; state: () => Promise<unknown> }> }[] = [
  {
    m: TRAIL_INSIGHTS,
    seed: async () => {
      await createTrail(east, 'audit');
      await enableTrailInsights(east, 'audit', [{ InsightType: 'ApiErrorRateInsight' }]);
      return {
        input: { trail: 'audit', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
        state: () => trailState('audit'),
      };
    },
  },
  {
    m: STORE_INSIGHTS,
    seed: async () => {
      const source = await createSourceStore(east, 'management-events');
      const destination = await createInsightsStore(east, 'insights-events');
      return {
        input: { eventDataStore: source, insightsDestination: destination, insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
        state: () => storeState(source),
      };
    },
  },
  {
    m: EVENT_SELECTORS,
    seed: async () => {
      await createTrail(east, 'audit');
      return { input: { trail: 'audit', basic: [{ readWriteType: 'WriteOnly' }] }, state: () => trailState('audit') };
    },
  },
];

describe.each(scenarios)('$m.field', ({ m, seed }) => {
  it('lists every exception the SDK documents for the operations it calls, and the catch-all', async () => {
    expect(await unionMembers(m.union)).toEqual(expectedMembers(m.payload, ...m.operations));
  });

  it.each(injectable(expectedMembers(m.payload, ...m.operations), m.payload))(
    'answers %s from the put as that type, and changes nothing',
    async (code) => {
      const { input, state } = await seed();
      const before = await state();
      t.emulator.faults.set({ failures: [{ operation: m.put, errorType: code, message: `Injected ${code}` }] });

      const { result, awsCalls } = await run(m, input);
      expect(result).toEqual({
        __typename: code,
        code,
        message: `Injected ${code}`,
        retryable: expectedRetryable(code),
        rejectedBeforeCall: false,
        requestId: expect.any(String),
      });
      expect(awsCalls[m.put]).toBe(1);
      t.emulator.faults.set({});
      expect(await state()).toEqual(before);
    },
  );

  it('answers an AWS error the SDK does not model for it (AccessDeniedException) as UnmodelledAwsError', async () => {
    const { input, state } = await seed();
    const before = await state();
    t.emulator.faults.set({ failures: [{ operation: m.put, errorType: 'AccessDeniedException' }] });
    const { result } = await run(m, input);
    expect(result).toMatchObject({ __typename: 'UnmodelledAwsError', code: 'AccessDeniedException', retryable: false });
    t.emulator.faults.set({});
    expect(await state()).toEqual(before);
  });
});

/** Asserts a result is `code`, raised by the emulator (one AWS call, not by the gateway's checks). */
function expectFromAws(result: AwsErrorResult, code: string): void {
  expect(result).toMatchObject({ __typename: code, code, rejectedBeforeCall: false, requestId: expect.any(String) });
}

/** Asserts a result is `code`, refused by the gateway before any AWS call. */
function expectRejectedBeforeCall(result: AwsErrorResult, awsCalls: Record<string, number>, code: string): void {
  expect(result).toMatchObject({ __typename: code, code, retryable: false, rejectedBeforeCall: true, requestId: null });
  expect(awsCalls).toEqual({});
}

describe('errors CloudTrail raises from state and input', () => {
  it('TrailNotFoundException for a trail that does not exist, without a put', async () => {
    for (const m of [TRAIL_INSIGHTS, EVENT_SELECTORS]) {
      const input = m === TRAIL_INSIGHTS ? { trail: 'missing', insightSelectors: [] } : { trail: 'missing', basic: [{}] };
      const { result, awsCalls } = await run(m, input);
      expectFromAws(result, 'TrailNotFoundException');
      expect(awsCalls[m.put]).toBeUndefined();
    }
  });

  it('InvalidHomeRegionException when a multi-region trail is changed from a region other than its home', async () => {
    await createTrail(east, 'everywhere', { IsMultiRegionTrail: true });
    for (const [m, selectors] of [
      [TRAIL_INSIGHTS, { insightSelectors: [{ insightType: 'ApiCallRateInsight' }] }],
      [EVENT_SELECTORS, { basic: [{ readWriteType: 'All' }] }],
    ] as const) {
      const { result } = await run(m, { trail: 'everywhere', region: 'eu-west-1', ...selectors });
      expectFromAws(result, 'InvalidHomeRegionException');
    }
    expect(await trailState('everywhere')).toMatchObject({ trail: { hasInsightSelectors: false, hasCustomEventSelectors: false } });
  });

  it('InvalidInsightSelectorsException for ApiCallRateInsight on a trail that logs no write management events', async () => {
    await createTrail(east, 'readers');
    await east.send(new PutEventSelectorsCommand({ TrailName: 'readers', EventSelectors: [{ ReadWriteType: 'ReadOnly' }] }));
    const { result } = await run(TRAIL_INSIGHTS, { trail: 'readers', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] });
    expectFromAws(result, 'InvalidInsightSelectorsException');
  });

  it('InvalidInsightSelectorsException when the destination store does not collect Insights events', async () => {
    const source = await createSourceStore(east, 'management-events');
    const notInsights = await createSourceStore(east, 'more-management-events');
    const { result } = await run(STORE_INSIGHTS, {
      eventDataStore: source,
      insightsDestination: notInsights,
      insightSelectors: [{ insightType: 'ApiErrorRateInsight' }],
    });
    expectFromAws(result, 'InvalidInsightSelectorsException');
  });

  it('CloudTrailARNInvalidException for an event data store ID the account does not have', async () => {
    const destination = await createInsightsStore(east, 'insights-events');
    const { result } = await run(STORE_INSIGHTS, {
      eventDataStore: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE',
      insightsDestination: destination,
      insightSelectors: [{ insightType: 'ApiErrorRateInsight' }],
    });
    expectFromAws(result, 'CloudTrailARNInvalidException');
  });

  it('InvalidParameterException for a source store pending deletion', async () => {
    const created = await east.send(new CreateEventDataStoreCommand({ Name: 'leaving', TerminationProtectionEnabled: false }));
    const destination = await createInsightsStore(east, 'insights-events');
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: created.EventDataStoreArn }));
    const { result } = await run(STORE_INSIGHTS, {
      eventDataStore: created.EventDataStoreArn,
      insightsDestination: destination,
      insightSelectors: [{ insightType: 'ApiErrorRateInsight' }],
    });
    expectFromAws(result, 'InvalidParameterException');
  });
});

describe('errors the gateway raises before calling AWS, as AWS would', () => {
  it.each([
    ['a name with adjacent dashes', 'my--trail', 'InvalidTrailNameException'],
    ['a name in IP address format', '192.168.5.4', 'InvalidTrailNameException'],
    ['an event data store ARN given as trail', 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE', 'CloudTrailARNInvalidException'],
  ])('refuses %s (%s) as %s', async (_case, trail, code) => {
    for (const m of [TRAIL_INSIGHTS, EVENT_SELECTORS]) {
      const input = m === TRAIL_INSIGHTS ? { trail, insightSelectors: [] } : { trail, basic: [{}] };
      const { result, awsCalls } = await run(m, input);
      expectRejectedBeforeCall(result, awsCalls, code);
    }
  });

  it('refuses a malformed event data store ARN as CloudTrailARNInvalidException', async () => {
    const { result, awsCalls } = await run(STORE_INSIGHTS, {
      eventDataStore: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/audit',
      insightsDestination: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE',
      insightSelectors: [],
    });
    expectRejectedBeforeCall(result, awsCalls, 'CloudTrailARNInvalidException');
  });

  it('refuses turning Insights on for a store without a destination as InvalidParameterCombinationException', async () => {
    const source = await createSourceStore(east, 'management-events');
    const { result, awsCalls } = await run(STORE_INSIGHTS, {
      eventDataStore: source,
      insightSelectors: [{ insightType: 'ApiCallRateInsight' }],
    });
    expectRejectedBeforeCall(result, awsCalls, 'InvalidParameterCombinationException');
  });
});

describe('a CloudTrail that cannot be reached', () => {
  it('is the UnmodelledAwsError member AWS_UNAVAILABLE, retryable, before it changes anything (reading the selectors in force fails first)', async () => {
    const offline = await startTestGateway({ gateway: { logError: () => undefined } });
    await offline.emulator.close();
    try {
      const res = await offline.query<{ putTrailInsightSelectors: AwsErrorResult }>(TRAIL_INSIGHTS.document, {
        input: { trail: 'audit', insightSelectors: [] },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.putTrailInsightSelectors).toMatchObject({
        __typename: 'UnmodelledAwsError',
        code: 'AWS_UNAVAILABLE',
        retryable: true,
        rejectedBeforeCall: false,
      });
      expect(res.data?.putTrailInsightSelectors.message).toMatch(/could not be reached for GetInsightSelectors \(ECONNREFUSED\)/);
    } finally {
      offline.clients.destroy();
    }
  });
});
