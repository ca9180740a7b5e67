import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateTrailCommand, ListTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeOrganizationCommand, ListAccountsCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ADMIN, cloudTrail, keys, MANAGEMENT, MEMBER, organizations, roleArn, STANDALONE, sts, testOrganization } from '../helpers/emulator-organization.js';

/**
 * Many accounts, as AWS has them: each call acts in the account of its credentials (long-term keys
 * by configuration, session keys by the role they were issued for), driven through the real STS,
 * Organizations and CloudTrail SDK clients over HTTP.
 */

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ organization: testOrganization });
});
afterAll(() => emulator.close());

async function assume(credentials: AwsCredentialIdentity, arn: string, extra: { ExternalId?: string; DurationSeconds?: number } = {}) {
  const out = await sts(emulator, credentials).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'test-session', ...extra }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

const trailNames = async (credentials: AwsCredentialIdentity) =>
  ((await cloudTrail(emulator, credentials).send(new ListTrailsCommand({}))).Trails ?? []).map((t) => t.TrailARN);

describe('the account of a call comes from its credentials', () => {
  it('long-term keys act in the account that lists them, each account with its own trails', async () => {
    await cloudTrail(emulator, keys.management).send(new CreateTrailCommand({ Name: 'only-in-management', S3BucketName: 'logs' }));
    await cloudTrail(emulator, keys.member).send(new CreateTrailCommand({ Name: 'only-in-member', S3BucketName: 'logs' }));
    expect(await trailNames(keys.management)).toEqual([`arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/only-in-management`]);
    expect(await trailNames(keys.member)).toEqual([`arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/only-in-member`]);
    expect(await trailNames(keys.admin)).toEqual([]);
    const identity = await sts(emulator, keys.member).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: MEMBER, Arn: `arn:aws:iam::${MEMBER}:user/emulator-user` });
  });

  it('a key no account lists is refused as AWS refuses keys it never issued (strictAccessKeys)', async () => {
    const unknown = { accessKeyId: 'AKIANOBODYHASTHISKEY', secretAccessKey: 'x' };
    await expect(cloudTrail(emulator, unknown).send(new ListTrailsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(sts(emulator, unknown).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(organizations(emulator, unknown).send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('a listed key signed with another secret is refused with the signature error', async () => {
    const forged = { ...keys.member, secretAccessKey: 'not-the-secret' };
    await expect(cloudTrail(emulator, forged).send(new ListTrailsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    await expect(sts(emulator, forged).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
  });
});

describe('AssumeRole into the accounts of the organization', () => {
  it('a role session acts in the role account: GetCallerIdentity and CloudTrail both say the member', async () => {
    const session = await assume(keys.management, roleArn(MEMBER, 'OrganizationAccountAccessRole'));
    expect(session.accessKeyId).toMatch(/^ASIA/);
    const identity = await sts(emulator, session).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: MEMBER,
      Arn: `arn:aws:sts::${MEMBER}:assumed-role/OrganizationAccountAccessRole/test-session`,
    });
    expect(await trailNames(session)).toEqual([`arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/only-in-member`]);
  });

  it('a cross-account AssumeRole is logged in both accounts with one sharedEventID, the role account seeing an AWSAccount caller', async () => {
    const session = await assume(keys.management, roleArn(MEMBER, 'Reader'), { DurationSeconds: 1800 });
    const assumeRoleEvents = async (credentials: AwsCredentialIdentity) => {
      const out = await cloudTrail(emulator, credentials).send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] }),
      );
      return (out.Events ?? [])
        .map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as { eventID: string; sharedEventID?: string; requestParameters?: { durationSeconds?: number } })
        .filter((r) => r.requestParameters?.durationSeconds === 1800);
    };
    const [inManagement] = await assumeRoleEvents(keys.management);
    const [inMember] = await assumeRoleEvents(session);
    expect(inManagement).toMatchObject({ recipientAccountId: MANAGEMENT, userIdentity: { type: 'IAMUser', accountId: MANAGEMENT } });
    expect(inMember).toMatchObject({ recipientAccountId: MEMBER, userIdentity: { type: 'AWSAccount', accountId: MANAGEMENT } });
    expect(inMember.sharedEventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(inMember.sharedEventID).toBe(inManagement.sharedEventID);
    expect(inMember.eventID).not.toBe(inManagement.eventID);
  });

  it('refuses a role the account does not have, a role in an account the emulator does not hold, and an untrusted caller', async () => {
    const denied = { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } };
    await expect(assume(keys.management, roleArn(MEMBER, 'NoSuchRole'))).rejects.toMatchObject(denied);
    await expect(assume(keys.management, roleArn('999999999999', 'Reader'))).rejects.toMatchObject(denied);
    // OrganizationAccountAccessRole trusts the management account only.
    await expect(assume(keys.admin, roleArn(MEMBER, 'OrganizationAccountAccessRole'))).rejects.toMatchObject(denied);
    await expect(assume(keys.admin, roleArn(MEMBER, 'Reader'))).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
  });

  it('honours the ExternalId a role asks for', async () => {
    const arn = roleArn(MEMBER, 'PartnerAudit');
    await expect(assume(keys.admin, arn)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(keys.admin, arn, { ExternalId: 'partner-8' })).rejects.toMatchObject({ name: 'AccessDenied' });
    const session = await assume(keys.admin, arn, { ExternalId: 'partner-7' });
    expect((await sts(emulator, session).send(new GetCallerIdentityCommand({}))).Account).toBe(MEMBER);
  });

  it('fromTemporaryCredentials renews a member session before it expires, and the renewed session keeps working', async () => {
    const issued: string[] = [];
    const provider = fromTemporaryCredentials({
      masterCredentials: keys.management,
      // AWS's minimum session; the test moves the clock instead of shortening it.
      params: { RoleArn: roleArn(MEMBER, 'Reader'), RoleSessionName: 'refresh', DurationSeconds: 900 },
      clientConfig: { region: 'us-east-1', endpoint: emulator.url, maxAttempts: 1 },
    });
    const client = cloudTrail(emulator, async (options) => {
      const credentials = await provider(options);
      issued.push(credentials.accessKeyId);
      return credentials;
    });
    const trails = async () => ((await client.send(new ListTrailsCommand({}))).Trails ?? []).map((t) => t.Name);
    expect(await trails()).toEqual(['only-in-member']);
    expect(issued).toHaveLength(1);
    const first = await provider();
    const start = Date.now();
    // The emulator runs in this process: moving Date moves both the SDK's and the emulator's clocks.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // The SDK renews credentials that expire within 5 minutes: 601 s into a 900 s session.
      vi.setSystemTime(start + 601_000);
      expect(await trails()).toEqual(['only-in-member']);
      expect(issued).toHaveLength(2);
      expect(issued[1]).not.toBe(issued[0]);
      // Past the first session's expiry: its own credentials are refused, the renewed client still works.
      vi.setSystemTime(start + 901_000);
      await expect(cloudTrail(emulator, first).send(new ListTrailsCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
      expect(await trails()).toEqual(['only-in-member']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Organizations (JSON 1.1, AWSOrganizationsV20161128)', () => {
  it('DescribeOrganization names the management account to any member', async () => {
    for (const credentials of [keys.member, keys.management]) {
      const { Organization } = await organizations(emulator, credentials).send(new DescribeOrganizationCommand({}));
      expect(Organization).toMatchObject({
        Id: 'o-testorg0001',
        Arn: `arn:aws:organizations::${MANAGEMENT}:organization/o-testorg0001`,
        FeatureSet: 'ALL',
        MasterAccountId: MANAGEMENT,
        MasterAccountEmail: 'management@example.com',
      });
    }
  });

  it('ListAccounts pages through every account of the organization, standalone accounts excluded', async () => {
    const client = organizations(emulator, keys.management);
    const first = await client.send(new ListAccountsCommand({ MaxResults: 2 }));
    expect(first.Accounts?.map((a) => a.Id)).toEqual([MANAGEMENT, MEMBER]);
    expect(first.NextToken).toBeDefined();
    const all = [];
    for await (const page of paginateListAccounts({ client, pageSize: 1 }, {})) all.push(...(page.Accounts ?? []));
    expect(all.map((a) => [a.Id, a.Name, a.State, a.JoinedMethod])).toEqual([
      [MANAGEMENT, 'Management', 'ACTIVE', 'CREATED'],
      [MEMBER, 'Member', 'ACTIVE', 'INVITED'],
      [ADMIN, 'Audit', 'ACTIVE', 'INVITED'],
    ]);
    expect(all[1]).toMatchObject({ Email: 'member@example.com', Arn: `arn:aws:organizations::${MANAGEMENT}:account/o-testorg0001/${MEMBER}` });
    expect(all[0].JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('ListAccounts: a delegated administrator may call it, other members get AccessDeniedException', async () => {
    const fromAdmin = await organizations(emulator, keys.admin).send(new ListAccountsCommand({}));
    expect(fromAdmin.Accounts).toHaveLength(3);
    await expect(organizations(emulator, keys.member).send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // A role session acts as its role's account, here a plain member, whoever assumed it.
    const session = await assume(keys.admin, roleArn(MEMBER, 'Reader'));
    await expect(organizations(emulator, session).send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('answers an account outside any organization with AWSOrganizationsNotInUseException', async () => {
    const client = organizations(emulator, keys.standalone);
    await expect(client.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({ name: 'AWSOrganizationsNotInUseException' });
    await expect(client.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AWSOrganizationsNotInUseException' });
    const lone = await startEmulator();
    try {
      await expect(organizations(lone, keys.member).send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
        name: 'AWSOrganizationsNotInUseException',
      });
    } finally {
      await lone.close();
    }
    expect((await sts(emulator, keys.standalone).send(new GetCallerIdentityCommand({}))).Account).toBe(STANDALONE);
  });

  it('refuses MaxResults outside 1-20 and a NextToken it did not issue with InvalidInputException', async () => {
    const client = organizations(emulator, keys.management);
    await expect(client.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      Reason: 'MAX_VALUE_EXCEEDED',
    });
    await expect(client.send(new ListAccountsCommand({ MaxResults: 0 }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(client.send(new ListAccountsCommand({ NextToken: 'forged' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_NEXT_TOKEN',
    });
  });
});
