import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  type Event,
  type LookupAttribute,
} from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, testCredentials } from '../helpers/emulator.js';
import { ACCOUNT, trailArn } from '../helpers/trails.js';

/**
 * The emulator records the CloudTrail writes it answers as management events, as CloudTrail
 * does, with the identity of the key that signed them: LookupEvents shows who changed what.
 */

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gateway-writer`;

let emulator: RunningEmulator;
let east: CloudTrailClient;
beforeAll(async () => {
  emulator = await startEmulator();
  east = clientFor(emulator);
});
afterAll(() => emulator.close());

async function lookup(client: CloudTrailClient, attribute: LookupAttribute): Promise<Event[]> {
  const out = await client.send(new LookupEventsCommand({ LookupAttributes: [attribute] }));
  return out.Events ?? [];
}

function record(event: Event): Record<string, unknown> {
  return JSON.parse(event.CloudTrailEvent ?? '{}') as Record<string, unknown>;
}

async function roleSessionClient(sessionName: string, sourceIdentity?: string) {
  const sts = new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials: testCredentials, maxAttempts: 1 });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: sessionName, SourceIdentity: sourceIdentity }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('AssumeRole returned no credentials');
  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  return { credentials, client: new CloudTrailClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 }) };
}

describe('writes recorded as management events', () => {
  it('CreateTrail with a long-term key is an IAMUser event with the request, the response and the request id', async () => {
    const created = await east.send(
      new CreateTrailCommand({ Name: 'recorded-trail', S3BucketName: 'recorded-bucket', TagsList: [{ Key: 'team', Value: 'audit' }] }),
    );
    const events = await lookup(east, { AttributeKey: 'EventName', AttributeValue: 'CreateTrail' });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ EventName: 'CreateTrail', EventSource: 'cloudtrail.amazonaws.com', ReadOnly: 'false', Username: 'emulator-user', AccessKeyId: testCredentials.accessKeyId });
    const raw = record(event);
    expect(raw).toMatchObject({
      eventVersion: '1.09',
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'CreateTrail',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { name: 'recorded-trail', s3BucketName: 'recorded-bucket', tagsList: [{ key: 'team', value: 'audit' }] },
      responseElements: { name: 'recorded-trail', s3BucketName: 'recorded-bucket', trailARN: trailArn('us-east-1', 'recorded-trail') },
      requestID: created.$metadata.requestId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      eventCategory: 'Management',
      recipientAccountId: ACCOUNT,
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${ACCOUNT}:user/emulator-user`,
        accountId: ACCOUNT,
        accessKeyId: testCredentials.accessKeyId,
        userName: 'emulator-user',
      },
    });
    expect(raw.userAgent).toContain('aws-sdk-js');
    expect(raw.eventID).toBe(event.EventId);
    expect(raw.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(raw).not.toHaveProperty('errorCode');
  });

  it('a refused write is recorded with errorCode and errorMessage and no responseElements', async () => {
    await expect(east.send(new DeleteTrailCommand({ Name: 'no-such-trail' }))).rejects.toMatchObject({ name: 'TrailNotFoundException' });
    const [event] = await lookup(east, { AttributeKey: 'EventName', AttributeValue: 'DeleteTrail' });
    const raw = record(event);
    expect(raw).toMatchObject({ eventName: 'DeleteTrail', errorCode: 'TrailNotFoundException', requestParameters: { name: 'no-such-trail' }, responseElements: null });
    expect(raw.errorMessage).toEqual(expect.stringContaining('no-such-trail'));
  });

  it('an unsigned write (curl) is recorded with an Unknown identity', async () => {
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'CloudTrail_20131101.CreateTrail', 'User-Agent': 'curl/8' },
      body: JSON.stringify({ Name: 'unsigned-trail', S3BucketName: 'unsigned-bucket' }),
    });
    expect(res.status).toBe(200);
    const events = await lookup(east, { AttributeKey: 'EventName', AttributeValue: 'CreateTrail' });
    const unsigned = events.map(record).find((r) => (r.requestParameters as { name: string }).name === 'unsigned-trail');
    expect(unsigned).toMatchObject({ userIdentity: { type: 'Unknown', accountId: ACCOUNT }, userAgent: 'curl/8', requestID: res.headers.get('x-amzn-requestid') });
  });

  it('reads are not recorded', async () => {
    await east.send(new ListTrailsCommand({}));
    expect(await lookup(east, { AttributeKey: 'EventName', AttributeValue: 'ListTrails' })).toEqual([]);
  });

  it('a write in another Region is recorded in that Region', async () => {
    const west = clientFor(emulator, 'us-west-2');
    await west.send(new CreateTrailCommand({ Name: 'west-recorded', S3BucketName: 'west-bucket' }));
    const inWest = await lookup(west, { AttributeKey: 'EventName', AttributeValue: 'CreateTrail' });
    expect(inWest.map((e) => record(e).awsRegion)).toEqual(['us-west-2']);
    const inEast = await lookup(east, { AttributeKey: 'EventName', AttributeValue: 'CreateTrail' });
    expect(inEast.map((e) => (record(e).requestParameters as { name: string }).name)).not.toContain('west-recorded');
  });

  it('PutInsightSelectors signed by an assumed role with SourceIdentity names the session, the role and the source identity', async () => {
    await east.send(new CreateTrailCommand({ Name: 'insights-by-role', S3BucketName: 'role-bucket' }));
    const { client, credentials } = await roleSessionClient('alice-session', 'alice');
    const put = await client.send(new PutInsightSelectorsCommand({ TrailName: 'insights-by-role', InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] }));
    const events = await lookup(east, { AttributeKey: 'EventName', AttributeValue: 'PutInsightSelectors' });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ Username: 'alice-session', AccessKeyId: credentials.accessKeyId });
    const raw = record(event);
    expect(raw.requestID).toBe(put.$metadata.requestId);
    expect(raw.requestParameters).toEqual({ trailName: 'insights-by-role', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] });
    expect(raw.responseElements).toMatchObject({ trailARN: trailArn('us-east-1', 'insights-by-role') });
    const identity = raw.userIdentity as Record<string, unknown>;
    expect(identity).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gateway-writer/alice-session`,
      accountId: ACCOUNT,
      accessKeyId: credentials.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: ROLE_ARN, accountId: ACCOUNT, userName: 'gateway-writer' },
        attributes: { mfaAuthenticated: 'false' },
        sourceIdentity: 'alice',
      },
    });
    expect(identity.principalId).toMatch(/^AROA[A-Z2-7]{17}:alice-session$/);
    expect((identity.sessionContext as { sessionIssuer: { principalId: string } }).sessionIssuer.principalId).toBe((identity.principalId as string).split(':')[0]);

    // The session's access key finds its writes, and only them.
    const byKey = await lookup(east, { AttributeKey: 'AccessKeyId', AttributeValue: credentials.accessKeyId });
    expect(byKey.map((e) => e.EventName)).toEqual(['PutInsightSelectors']);
    const byUser = await lookup(east, { AttributeKey: 'Username', AttributeValue: 'alice-session' });
    expect(byUser.map((e) => e.EventName)).toEqual(['PutInsightSelectors']);
  });

  it('a session without SourceIdentity has no sourceIdentity in its sessionContext', async () => {
    await east.send(new CreateTrailCommand({ Name: 'selectors-by-role', S3BucketName: 'selectors-bucket' }));
    const { client, credentials } = await roleSessionClient('bob-session');
    await client.send(new PutEventSelectorsCommand({ TrailName: 'selectors-by-role', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));
    await client.send(new AddTagsCommand({ ResourceId: trailArn('us-east-1', 'selectors-by-role'), TagsList: [{ Key: 'owner', Value: 'bob' }] }));
    const events = await lookup(east, { AttributeKey: 'AccessKeyId', AttributeValue: credentials.accessKeyId });
    expect(events.map((e) => e.EventName).sort()).toEqual(['AddTags', 'PutEventSelectors']);
    for (const event of events) {
      const identity = record(event).userIdentity as { type: string; sessionContext: Record<string, unknown> };
      expect(identity.type).toBe('AssumedRole');
      expect(identity.sessionContext).not.toHaveProperty('sourceIdentity');
    }
    const addTags = record(events.find((e) => e.EventName === 'AddTags') as Event);
    expect(addTags.responseElements).toBeNull();
  });

  it('a write still succeeds when the emulator holds its maximum of events; it is then not recorded', async () => {
    const full = await startEmulator({ maxEvents: 1 });
    try {
      const client = clientFor(full);
      await client.send(new CreateTrailCommand({ Name: 'first-recorded', S3BucketName: 'first-bucket' }));
      await expect(client.send(new CreateTrailCommand({ Name: 'second-unrecorded', S3BucketName: 'second-bucket' }))).resolves.toBeDefined();
      expect((await client.send(new ListTrailsCommand({}))).Trails?.map((t) => t.Name).sort()).toEqual(['first-recorded', 'second-unrecorded']);
      const events = await lookup(client, { AttributeKey: 'EventName', AttributeValue: 'CreateTrail' });
      expect(events.map((e) => (record(e).requestParameters as { name: string }).name)).toEqual(['first-recorded']);
    } finally {
      await full.close();
    }
  });

  it('AssumeRole itself is recorded as a read-only STS event, with the session token but never the secret key', async () => {
    const { credentials } = await roleSessionClient('carol-session', 'carol');
    const [event] = (await lookup(east, { AttributeKey: 'EventName', AttributeValue: 'AssumeRole' })).filter(
      (e) => (record(e).requestParameters as { roleSessionName: string }).roleSessionName === 'carol-session',
    );
    const raw = record(event);
    expect(raw).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      readOnly: true,
      userIdentity: { type: 'IAMUser', accessKeyId: testCredentials.accessKeyId },
      requestParameters: { roleArn: ROLE_ARN, roleSessionName: 'carol-session', sourceIdentity: 'carol' },
      responseElements: { credentials: { accessKeyId: credentials.accessKeyId, sessionToken: credentials.sessionToken }, sourceIdentity: 'carol' },
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: ROLE_ARN }],
    });
    expect(JSON.stringify(raw)).not.toContain(credentials.secretAccessKey);
    expect(event.Resources).toEqual([{ ResourceType: 'AWS::IAM::Role', ResourceName: ROLE_ARN }]);
  });
});
