import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetInsightSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryAuditSink, RotatingFileAuditSink } from '../../src/audit/audit-sinks.js';
import type { MutationRecord } from '../../src/audit/mutation-audit.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { createTrail, trailArn } from '../helpers/trails.js';
import { createInsightsStore, createSourceStore } from '../schema/selector-fixtures.js';

/**
 * Every mutation attempt is recorded, over real HTTP against the emulator: who (the token's
 * subject, its scopes), what (operation, input, target ARN), the state before and after, the
 * outcome, the AWS and gateway request ids, the client address and the time.
 */

const sink = memoryAuditSink();
let issuer: TestIssuer;
let t: HttpGateway;

beforeAll(async () => {
  issuer = await startTestIssuer();
  t = await startHttpGateway({ gateway: { authentication: { jwt: issuer.settings(), anonymousScopes: [] }, audit: { sink } } });
});
afterAll(async () => {
  await t.close();
  await issuer.close();
});
beforeEach(async () => {
  t.reset();
  sink.lines.length = 0;
  await createTrail(t.sdkClient(), 'audit');
});

const PUT = /* GraphQL */ `mutation($trail: String!) {
  putTrailInsightSelectors(input: { trail: $trail, insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
    __typename ... on AwsError { code requestId }
  }
}`;

async function post(query: string, variables: Record<string, unknown>, scope: string | null, requestId: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
  if (scope !== null) headers.authorization = `Bearer ${await issuer.token('alice', scope)}`;
  const res = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: Record<string, { __typename: string; code?: string; requestId?: string } | null>; errors?: { extensions?: Record<string, unknown> }[] };
}

const records = () => sink.records<MutationRecord>();
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the audit trail of mutations', () => {
  it('a successful put: an intent record before it and an outcome record after it, sharing an id, field by field', async () => {
    const res = await post(PUT, { trail: 'audit' }, 'selectors:write cloudtrail:read', 'req-success-1');
    expect(res.data?.putTrailInsightSelectors?.__typename).toBe('PutTrailInsightSelectorsPayload');
    const [intent, outcome] = records();
    expect(records()).toHaveLength(2);
    const common = {
      auditId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      requestId: 'req-success-1',
      clientIp: expect.stringMatching(/127\.0\.0\.1$/),
      forwardedFor: null,
      caller: { kind: 'jwt', id: 'alice', issuer: issuer.issuer, scopes: ['cloudtrail:read', 'selectors:write'] },
      operation: 'putTrailInsightSelectors',
      awsOperation: 'PutInsightSelectors',
      input: { trail: 'audit', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
      before: { selectors: [] },
    };
    expect(intent).toEqual({ ...common, phase: 'intent', time: expect.stringMatching(ISO_TIME), target: { given: 'audit', region: 'us-east-1' } });
    expect(outcome).toEqual({
      ...common,
      phase: 'outcome',
      time: expect.stringMatching(ISO_TIME),
      target: { given: 'audit', region: 'us-east-1', arn: trailArn('us-east-1', 'audit') },
      after: [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] }],
      awsRequestId: expect.stringMatching(/.+/),
      outcome: { status: 'succeeded' },
    });
    expect(outcome.auditId).toBe(intent.auditId);
    expect(Date.parse(outcome.time)).toBeGreaterThanOrEqual(Date.parse(intent.time));
  });

  it('a put AWS refuses: the outcome carries its error code and AWS request id', async () => {
    t.emulator.faults.set({ failures: [{ operation: 'PutInsightSelectors', errorType: 'ConflictException', times: 1 }] });
    const res = await post(PUT, { trail: 'audit' }, 'selectors:write', 'req-conflict');
    expect(res.data?.putTrailInsightSelectors).toMatchObject({ __typename: 'ConflictException', code: 'ConflictException' });
    const [intent, outcome] = records();
    expect(intent.phase).toBe('intent');
    expect(outcome).toMatchObject({
      phase: 'outcome',
      auditId: intent.auditId,
      requestId: 'req-conflict',
      outcome: { status: 'failed', code: 'ConflictException', retryable: true, message: expect.any(String) },
      awsRequestId: res.data?.putTrailInsightSelectors?.requestId,
    });
    expect(outcome.awsRequestId).toEqual(expect.any(String));
    expect(outcome).not.toHaveProperty('after');
  });

  it('a refusal by scope is one outcome record, and nothing reaches AWS', async () => {
    await post(PUT, { trail: 'audit' }, 'cloudtrail:read', 'req-forbidden');
    await post(PUT, { trail: 'audit' }, null, 'req-anonymous');
    expect(records()).toEqual([
      expect.objectContaining({
        phase: 'outcome',
        requestId: 'req-forbidden',
        caller: { kind: 'jwt', id: 'alice', issuer: issuer.issuer, scopes: ['cloudtrail:read'] },
        operation: 'putTrailInsightSelectors',
        input: { trail: 'audit', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
        outcome: {
          status: 'refused',
          reason: 'forbidden',
          code: 'FORBIDDEN',
          message: 'Forbidden: Mutation.putTrailInsightSelectors needs the scope selectors:write, which alice does not hold.',
        },
      }),
      expect.objectContaining({
        requestId: 'req-anonymous',
        caller: { kind: 'anonymous', id: 'anonymous', scopes: [] },
        outcome: expect.objectContaining({ status: 'refused', reason: 'unauthenticated', code: 'UNAUTHENTICATED' }),
      }),
    ]);
    expect(records().some((r) => r.phase === 'intent')).toBe(false);
  });

  it('input refused before AWS (a trail name CloudTrail would refuse) is a validation refusal with the AWS error type', async () => {
    await post(PUT, { trail: 'no' }, 'selectors:write', 'req-invalid');
    expect(records()).toEqual([
      expect.objectContaining({
        phase: 'outcome',
        requestId: 'req-invalid',
        input: { trail: 'no', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
        outcome: {
          status: 'refused',
          reason: 'validation',
          code: 'InvalidTrailNameException',
          message: 'Trail name must be between 3 and 128 characters long: no',
        },
      }),
    ]);
    // Refused before the trail was resolved: no target, no state, no AWS request.
    expect(records()[0]).not.toHaveProperty('target');
    expect(records()[0]).not.toHaveProperty('awsRequestId');
  });
});

describe('the audit of the other two mutations', () => {
  it('putEventSelectors and putEventDataStoreInsightSelectors record their target, state before and after, and outcome', async () => {
    const east = t.sdkClient();
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    const res = await post(
      `mutation($source: String!, $destination: String!) {
        e: putEventSelectors(input: { trail: "audit", basic: [{ readWriteType: WriteOnly }] }) { __typename }
        s: putEventDataStoreInsightSelectors(input: { eventDataStore: $source, insightsDestination: $destination, insightSelectors: [{ insightType: ApiErrorRateInsight }] }) { __typename }
      }`,
      { source, destination },
      'selectors:write',
      'req-two',
    );
    expect(res.data).toEqual({ e: { __typename: 'PutEventSelectorsPayload' }, s: { __typename: 'PutEventDataStoreInsightSelectorsPayload' } });
    const outcomes = records().filter((r) => r.phase === 'outcome');
    expect(records().filter((r) => r.phase === 'intent').map((r) => r.operation)).toEqual(['putEventSelectors', 'putEventDataStoreInsightSelectors']);
    expect(outcomes).toEqual([
      expect.objectContaining({
        operation: 'putEventSelectors',
        awsOperation: 'PutEventSelectors',
        target: { given: 'audit', region: 'us-east-1', arn: trailArn('us-east-1', 'audit') },
        // A new trail logs all management events (AWS's default selectors).
        before: { kind: 'basic', selectors: [expect.objectContaining({ ReadWriteType: 'All', IncludeManagementEvents: true })] },
        after: expect.objectContaining({ TrailARN: trailArn('us-east-1', 'audit'), EventSelectors: [expect.objectContaining({ ReadWriteType: 'WriteOnly' })] }),
        awsRequestId: expect.any(String),
        outcome: { status: 'succeeded' },
      }),
      expect.objectContaining({
        operation: 'putEventDataStoreInsightSelectors',
        awsOperation: 'PutInsightSelectors',
        target: { given: source, region: 'us-east-1', arn: source, insightsDestination: destination },
        before: { selectors: [] },
        after: { selectors: [{ InsightType: 'ApiErrorRateInsight', EventCategories: ['Management'] }], insightsDestination: destination },
        awsRequestId: expect.any(String),
        outcome: { status: 'succeeded' },
      }),
    ]);
  });
});

describe('an audit sink that cannot be written', () => {
  it('refuses the mutation with AUDIT_UNAVAILABLE before the put: CloudTrail is unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    // A path under a regular file cannot be opened, even by root.
    writeFileSync(join(dir, 'not-a-dir'), '');
    const broken = new RotatingFileAuditSink(join(dir, 'not-a-dir', 'audit.log'), { maxBytes: 1_000_000, maxFiles: 2 });
    const g = await startHttpGateway({ gateway: { authentication: { jwt: issuer.settings(), anonymousScopes: [] }, audit: { sink: broken, logFailure: () => undefined } } });
    try {
      await createTrail(g.sdkClient(), 'audit');
      const token = await issuer.token('alice', 'selectors:write');
      const res = await fetch(g.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: PUT, variables: { trail: 'audit' } }),
      });
      const body = (await res.json()) as { data: unknown; errors: { message: string; extensions: Record<string, unknown> }[]; extensions: { awsCalls: Record<string, number> } };
      expect(body.data).toEqual({ putTrailInsightSelectors: null });
      expect(body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
      expect(body.errors[0].message).toMatch(/^The change was not made: the audit log cannot be written/);
      expect(body.extensions.awsCalls).not.toHaveProperty('PutInsightSelectors');
      await expect(g.sdkClient().send(new GetInsightSelectorsCommand({ TrailName: 'audit' }))).rejects.toMatchObject({
        name: 'InsightNotEnabledException',
      });
    } finally {
      await g.close();
    }
  });
});

describe('the audit file', () => {
  it('rotates by size and keeps maxFiles rotated files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-rotate-'));
    const path = join(dir, 'audit.log');
    const file = new RotatingFileAuditSink(path, { maxBytes: 100, maxFiles: 2 });
    const line = (n: number) => JSON.stringify({ n, pad: 'x'.repeat(40) }); // 60 bytes with the newline
    for (let n = 1; n <= 5; n += 1) await file.write(line(n));
    await file.close();
    expect(readdirSync(dir).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    // One record per file (two would pass 100 bytes); record 1 and 2 fell off the end.
    expect(readFileSync(path, 'utf8')).toBe(`${line(5)}\n`);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${line(4)}\n`);
    expect(readFileSync(`${path}.2`, 'utf8')).toBe(`${line(3)}\n`);
  });
});
