import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateEventDataStoreCommand,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cloudTrail, keys, MANAGEMENT, MEMBER, STANDALONE, testOrganization } from '../helpers/emulator-organization.js';

/**
 * Organization trails as AWS documents them: created in the management account, replicated into
 * member accounts as shadow trails under the management account's ARN, changed only by the
 * management account; and logged events placed in the account of their recipientAccountId.
 */

const ORG_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org-audit`;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ organization: testOrganization, admin: true });
  const management = cloudTrail(emulator, keys.management);
  await management.send(new CreateTrailCommand({ Name: 'org-audit', S3BucketName: 'org-logs', IsMultiRegionTrail: true, IsOrganizationTrail: true }));
  await management.send(new StartLoggingCommand({ Name: 'org-audit' }));
  await cloudTrail(emulator, keys.member).send(new CreateTrailCommand({ Name: 'member-own', S3BucketName: 'member-logs' }));
});
afterAll(() => emulator.close());

describe('an organization trail seen from a member account', () => {
  it('DescribeTrails shows it in every Region as a shadow trail with the management account ARN', async () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const { trailList } = await cloudTrail(emulator, keys.member, region).send(new DescribeTrailsCommand({}));
      const org = trailList?.find((t) => t.Name === 'org-audit');
      expect(org).toMatchObject({ TrailARN: ORG_TRAIL_ARN, IsOrganizationTrail: true, IsMultiRegionTrail: true, HomeRegion: 'us-east-1' });
    }
    // AWS: "If you do not include shadow trails, organization trails in a member account ... will not be returned."
    const own = await cloudTrail(emulator, keys.member).send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(own.trailList?.map((t) => t.Name)).toEqual(['member-own']);
  });

  it('GetTrail and GetTrailStatus find it by ARN, not by name; ListTrails lists it', async () => {
    const member = cloudTrail(emulator, keys.member);
    expect((await member.send(new GetTrailCommand({ Name: ORG_TRAIL_ARN }))).Trail).toMatchObject({ TrailARN: ORG_TRAIL_ARN, IsOrganizationTrail: true });
    expect(await member.send(new GetTrailStatusCommand({ Name: ORG_TRAIL_ARN }))).toMatchObject({ IsLogging: true });
    // AWS: "If the trail is an organization trail and you are a member account ... you must provide the full ARN".
    await expect(member.send(new GetTrailCommand({ Name: 'org-audit' }))).rejects.toMatchObject({ name: 'TrailNotFoundException' });
    const { Trails } = await member.send(new ListTrailsCommand({}));
    expect(Trails?.map((t) => t.TrailARN).sort()).toEqual([ORG_TRAIL_ARN, `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/member-own`].sort());
  });

  it('a member cannot change it: NotOrganizationMasterAccountException; the management account can, and the member sees the change', async () => {
    const member = cloudTrail(emulator, keys.member);
    const refused = { name: 'NotOrganizationMasterAccountException' };
    await expect(member.send(new PutInsightSelectorsCommand({ TrailName: ORG_TRAIL_ARN, InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] }))).rejects.toMatchObject(refused);
    await expect(member.send(new UpdateTrailCommand({ Name: ORG_TRAIL_ARN, S3BucketName: 'elsewhere' }))).rejects.toMatchObject(refused);
    await expect(member.send(new DeleteTrailCommand({ Name: ORG_TRAIL_ARN }))).rejects.toMatchObject(refused);
    await cloudTrail(emulator, keys.management).send(
      new PutInsightSelectorsCommand({ TrailName: 'org-audit', InsightSelectors: [{ InsightType: 'ApiErrorRateInsight' }] }),
    );
    const seen = await member.send(new GetInsightSelectorsCommand({ TrailName: ORG_TRAIL_ARN }));
    expect(seen.InsightSelectors).toEqual([{ InsightType: 'ApiErrorRateInsight', EventCategories: ['Management'] }]);
  });

  it('only the management account creates organization trails and event data stores', async () => {
    const organizationTrail = { Name: 'mine', S3BucketName: 'org-trail-logs', IsOrganizationTrail: true };
    await expect(cloudTrail(emulator, keys.member).send(new CreateTrailCommand(organizationTrail))).rejects.toMatchObject({
      name: 'NotOrganizationMasterAccountException',
    });
    await expect(cloudTrail(emulator, keys.standalone).send(new CreateTrailCommand(organizationTrail))).rejects.toMatchObject({
      name: 'OrganizationsNotInUseException',
    });
    await expect(
      cloudTrail(emulator, keys.member).send(new CreateEventDataStoreCommand({ Name: 'org-lake', OrganizationEnabled: true })),
    ).rejects.toMatchObject({ name: 'NotOrganizationMasterAccountException' });
    const lake = await cloudTrail(emulator, keys.management).send(
      new CreateEventDataStoreCommand({ Name: 'org-lake', OrganizationEnabled: true, TerminationProtectionEnabled: false }),
    );
    expect(lake.OrganizationEnabled).toBe(true);
  });

  it('a standalone account sees no organization trail', async () => {
    const { trailList } = await cloudTrail(emulator, keys.standalone).send(new DescribeTrailsCommand({}));
    expect(trailList).toEqual([]);
  });
});

describe('log ingest places each event in the account of its recipientAccountId', () => {
  const record = (eventID: string, recipientAccountId: string) => ({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', accountId: recipientAccountId, userName: 'someone' },
    // An hour ago: inside LookupEvents' 90-day window.
    eventTime: `${new Date(Date.now() - 3_600_000).toISOString().slice(0, 19)}Z`,
    eventSource: 'ec2.amazonaws.com',
    eventName: `Call${eventID}`,
    awsRegion: 'us-east-1',
    eventID,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId,
    eventCategory: 'Management',
  });
  const eventNames = async (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const out = await cloudTrail(emulator, credentials).send(new LookupEventsCommand({}));
    // The emulator also records each account's own CloudTrail writes (CreateTrail...): keep the ingested calls.
    return (out.Events ?? []).map((e) => e.EventName ?? '').filter((name) => name.startsWith('Call')).sort();
  };

  it('one log with records of three accounts: each account reads its own; an account the emulator does not hold goes to the default account', async () => {
    const body = { Records: [record('0001', MEMBER), record('0002', STANDALONE), record('0003', MEMBER), record('0004', '999999999999')] };
    const response = await fetch(`${emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify(body) });
    expect(await response.json()).toMatchObject({ added: 4, problems: [] });
    expect(await eventNames(keys.member)).toEqual(['Call0001', 'Call0003']);
    expect(await eventNames(keys.standalone)).toEqual(['Call0002']);
    expect(await eventNames(keys.management)).toEqual(['Call0004']);
  });

  it('the same holds for a log laid out otherwise: a bare array, indented, recipientAccountId first', async () => {
    const reordered = [record('0005', STANDALONE), record('0006', MEMBER)].map(({ recipientAccountId, ...rest }) => ({ recipientAccountId, ...rest }));
    const response = await fetch(`${emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify(reordered, null, 2) });
    expect(await response.json()).toMatchObject({ added: 2, problems: [] });
    expect(await eventNames(keys.member)).toEqual(['Call0001', 'Call0003', 'Call0006']);
    expect(await eventNames(keys.standalone)).toEqual(['Call0002', 'Call0005']);
  });
});
