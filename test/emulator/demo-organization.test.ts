import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cloudTrail, organizations, roleArn, sts } from '../helpers/emulator-organization.js';
import { ACCOUNT } from '../helpers/trails.js';

/**
 * The demo organization (`--seed demo`, `npm start`) as the README documents it: accounts, keys and
 * roles, the organization trail seen from each member, and Insights in every member and Region.
 */

const MANAGEMENT_KEY = { accessKeyId: 'AKIAEMUMANAGEMENT001', secretAccessKey: 'demo-management-secret' };
const MEMBERS = [
  { id: '210987654321', name: 'Security', key: { accessKeyId: 'AKIAEMUSECURITY00001', secretAccessKey: 'demo-security-secret' } },
  { id: '345678901234', name: 'Workloads', key: { accessKeyId: 'AKIAEMUWORKLOADS0001', secretAccessKey: 'demo-workloads-secret' } },
];

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', now: new Date('2026-03-01T12:00:00Z') });
});
afterAll(() => emulator.close());

async function readerSession(accountId: string) {
  const out = await sts(emulator, MANAGEMENT_KEY).send(
    new AssumeRoleCommand({ RoleArn: roleArn(accountId, 'CloudTrailInsightsReader'), RoleSessionName: 'demo-reader' }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

describe('the demo organization', () => {
  it('holds the management account and two members, listed by Organizations with their names', async () => {
    const { Accounts } = await organizations(emulator, MANAGEMENT_KEY).send(new ListAccountsCommand({}));
    expect(Accounts?.map((a) => [a.Id, a.Name])).toEqual([[ACCOUNT, 'Management'], ...MEMBERS.map((m) => [m.id, m.name])]);
  });

  it('each member key and each reader role acts in its member account, where the organization trail is visible', async () => {
    for (const member of MEMBERS) {
      for (const credentials of [member.key, await readerSession(member.id)]) {
        expect((await sts(emulator, credentials).send(new GetCallerIdentityCommand({}))).Account).toBe(member.id);
        const { trailList } = await cloudTrail(emulator, credentials, 'eu-west-1').send(new DescribeTrailsCommand({}));
        expect(trailList?.map((t) => [t.TrailARN, t.IsOrganizationTrail])).toEqual([
          [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`, true],
        ]);
      }
    }
  });

  it('every member has Insights events of both types in both demo Regions, delivered to that member', async () => {
    for (const member of MEMBERS) {
      const session = await readerSession(member.id);
      for (const region of ['us-east-1', 'eu-west-1']) {
        const { Events } = await cloudTrail(emulator, session, region).send(new LookupEventsCommand({ EventCategory: 'insight', MaxResults: 50 }));
        const records = (Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, unknown>);
        const types = new Set(records.map((r) => (r.insightDetails as { insightType?: string } | undefined)?.insightType));
        expect([...types].sort()).toEqual(['ApiCallRateInsight', 'ApiErrorRateInsight']);
        for (const r of records) expect(r).toMatchObject({ recipientAccountId: member.id, awsRegion: region });
      }
    }
  });
});
