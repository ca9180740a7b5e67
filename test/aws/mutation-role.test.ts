import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryAuditSink } from '../../src/audit/audit-sinks.js';
import type { MutationRecord } from '../../src/audit/mutation-audit.js';
import { MutationRoleClients, roleSessionName } from '../../src/aws/mutation-role.js';
import { toSourceIdentity } from '../../src/rules/sts.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startEmulatorBackend, type EmulatorBackend } from '../helpers/gateway.js';
import { testCredentials } from '../helpers/emulator.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { ACCOUNT, createTrail, trailArn } from '../helpers/trails.js';

/**
 * MUTATION_ROLE_ARN end to end against the emulator (its STS answers AssumeRole on the same port,
 * and it records each write as a management event): a change made through the gateway by "alice"
 * is made by a role session whose SourceIdentity is alice, and CloudTrail's LookupEvents, read with
 * the real SDK, says so. Reads stay with the gateway's own identity.
 */

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gateway-mutations`;
let issuer: TestIssuer;
let backend: EmulatorBackend;
let roles: MutationRoleClients;
let gateway: Gateway;
const sink = memoryAuditSink();

beforeAll(async () => {
  issuer = await startTestIssuer();
  backend = await startEmulatorBackend();
  roles = new MutationRoleClients(
    { endpoint: backend.emulator.url, defaultRegion: 'us-east-1', credentials: testCredentials, maxAttempts: 1 },
    { roleArn: ROLE_ARN, stsEndpoint: backend.emulator.url, durationSeconds: 900 },
  );
  gateway = createGateway({
    clients: backend.clients,
    authentication: { jwt: issuer.settings(), anonymousScopes: [] },
    audit: { sink },
    mutationRole: roles,
  });
  await createTrail(backend.sdkClient(), 'audit');
});
afterAll(async () => {
  roles.destroy();
  await backend.close();
  await issuer.close();
});

async function putAs(subject: string): Promise<Record<string, unknown>> {
  const res = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.token(subject, 'selectors:write cloudtrail:read')}` },
    body: JSON.stringify({
      query: 'mutation { putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) { __typename ... on AwsError { code message } } }',
    }),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function writesRecorded(eventName: string) {
  const out = await backend.sdkClient().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] }));
  return (out.Events ?? []).map((event) => JSON.parse(event.CloudTrailEvent ?? '{}') as { userIdentity: Record<string, unknown>; requestID: string });
}

describe('changes made through a role assumed per caller, with SourceIdentity', () => {
  it('a put by alice is recorded by CloudTrail under the role with sourceIdentity alice, and the audit record names the session', async () => {
    expect(await putAs('alice')).toMatchObject({ data: { putTrailInsightSelectors: { __typename: 'PutTrailInsightSelectorsPayload' } } });
    const [put] = await writesRecorded('PutInsightSelectors');
    expect(put.userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gateway-mutations/gateway-alice`,
      sessionContext: { sessionIssuer: { type: 'Role', arn: ROLE_ARN }, sourceIdentity: 'alice' },
    });
    // The audit record and CloudTrail's event share the put's request id, and the audit names the role.
    const outcome = sink.records<MutationRecord>().find((r) => r.phase === 'outcome');
    expect(outcome?.awsRequestId).toBe(put.requestID);
    expect(outcome?.role).toEqual({ arn: ROLE_ARN, sourceIdentity: 'alice', sessionName: 'gateway-alice' });
    expect(outcome?.target?.arn).toBe(trailArn('us-east-1', 'audit'));
    // One AssumeRole for alice, with her SourceIdentity.
    const assumed = await writesRecorded('AssumeRole');
    expect(assumed).toHaveLength(1);
  });

  it('the session is reused for alice\'s next change and a new one is assumed for bob', async () => {
    await putAs('alice');
    await putAs('bob@example.com');
    const sources = (await writesRecorded('PutInsightSelectors')).map((e) => (e.userIdentity.sessionContext as { sourceIdentity: string }).sourceIdentity);
    expect(sources.sort()).toEqual(['alice', 'alice', 'bob@example.com']);
    expect(await writesRecorded('AssumeRole')).toHaveLength(2);
  });

  it('subjects outside STS\'s characters and lengths are turned into a SourceIdentity STS accepts', () => {
    expect(toSourceIdentity('auth0|5f1c2b')).toBe('auth0_5f1c2b');
    expect(toSourceIdentity('a')).toBe('a_');
    expect(toSourceIdentity('x'.repeat(100))).toHaveLength(64);
    expect(roleSessionName('x'.repeat(64))).toHaveLength(64);
  });
});
