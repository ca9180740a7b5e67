import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListRegionsCommand, paginateListRegions, type Region } from '@aws-sdk/client-account';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { parseAccountsConfig } from '../../src/emulator/organization/accounts.js';
import { accountApi, ADMIN, keys, MANAGEMENT, MEMBER, roleArn, STANDALONE, sts, testOrganization } from '../helpers/emulator-organization.js';

/**
 * The emulator's AWS Account Management ListRegions, driven by the real AccountClient over HTTP
 * (REST-JSON `POST /listRegions`): each account's Regions with their opt-in status, as AWS answers.
 */

/** AWS: the Regions launched before March 20, 2019, enabled in every account and not to be disabled. */
const ENABLED_BY_DEFAULT = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
  'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ organization: testOrganization });
});
afterAll(() => emulator.close());

async function allRegions(credentials: typeof keys.member, input: { RegionOptStatusContains?: ('ENABLED' | 'ENABLED_BY_DEFAULT' | 'ENABLING' | 'DISABLED')[]; MaxResults?: number; AccountId?: string } = {}) {
  const regions: Region[] = [];
  let pages = 0;
  for await (const page of paginateListRegions({ client: accountApi(emulator, credentials), pageSize: input.MaxResults }, input)) {
    pages += 1;
    regions.push(...(page.Regions ?? []));
  }
  return { regions, pages };
}

describe('ListRegions', () => {
  it('an account without opt-ins has the Regions enabled by default, and every opt-in Region DISABLED', async () => {
    const { regions } = await allRegions(keys.admin);
    expect(regions.filter((r) => r.RegionOptStatus === 'ENABLED_BY_DEFAULT').map((r) => r.RegionName)).toEqual(ENABLED_BY_DEFAULT);
    const others = regions.filter((r) => r.RegionOptStatus !== 'ENABLED_BY_DEFAULT');
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others.map((r) => r.RegionOptStatus))).toEqual(new Set(['DISABLED']));
    expect(others.map((r) => r.RegionName)).toContain('eu-south-1');
  });

  it('RegionOptStatusContains ENABLED and ENABLED_BY_DEFAULT gives the Regions an account has enabled: its opt-ins differ', async () => {
    const filter = { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] as ('ENABLED' | 'ENABLED_BY_DEFAULT')[] };
    const member = (await allRegions(keys.member, filter)).regions;
    const admin = (await allRegions(keys.admin, filter)).regions;
    expect(admin.map((r) => r.RegionName)).toEqual(ENABLED_BY_DEFAULT);
    // The member enabled eu-south-1; me-south-1 is still ENABLING, so it is not listed.
    expect(member.map((r) => r.RegionName)).toEqual([...ENABLED_BY_DEFAULT, 'eu-south-1'].sort());
    expect(member.find((r) => r.RegionName === 'eu-south-1')).toEqual({ RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' });
    const enabling = (await allRegions(keys.member, { RegionOptStatusContains: ['ENABLING'] })).regions;
    expect(enabling).toEqual([{ RegionName: 'me-south-1', RegionOptStatus: 'ENABLING' }]);
  });

  it('pages by MaxResults with NextToken, and a token is refused under another filter', async () => {
    const whole = (await allRegions(keys.member)).regions;
    const paged = await allRegions(keys.member, { MaxResults: 5 });
    expect(paged.regions).toEqual(whole);
    expect(paged.pages).toBe(Math.ceil(whole.length / 5));
    const first = await accountApi(emulator, keys.member).send(new ListRegionsCommand({ MaxResults: 5 }));
    expect(first.NextToken).toEqual(expect.any(String));
    await expect(
      accountApi(emulator, keys.member).send(new ListRegionsCommand({ MaxResults: 5, NextToken: first.NextToken, RegionOptStatusContains: ['ENABLED'] })),
    ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });

  it('a session of an assumed role lists the Regions of the role\'s account', async () => {
    const out = await sts(emulator, keys.admin).send(new AssumeRoleCommand({ RoleArn: roleArn(MEMBER, 'Reader'), RoleSessionName: 'regions' }));
    const c = out.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const { regions } = await allRegions(session, { RegionOptStatusContains: ['ENABLED'] });
    expect(regions).toEqual([{ RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' }]);
  });

  it('AccountId: the management account or a delegated administrator reads a member; others are refused', async () => {
    const byManagement = await allRegions(keys.management, { AccountId: MEMBER, RegionOptStatusContains: ['ENABLED'] });
    expect(byManagement.regions.map((r) => r.RegionName)).toEqual(['eu-south-1']);
    const byAdmin = await allRegions(keys.admin, { AccountId: MEMBER, RegionOptStatusContains: ['ENABLED'] });
    expect(byAdmin.regions.map((r) => r.RegionName)).toEqual(['eu-south-1']);
    await expect(accountApi(emulator, keys.member).send(new ListRegionsCommand({ AccountId: ADMIN }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(accountApi(emulator, keys.management).send(new ListRegionsCommand({ AccountId: STANDALONE }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    // AWS: "The management account can't specify its own AccountId."
    await expect(accountApi(emulator, keys.management).send(new ListRegionsCommand({ AccountId: MANAGEMENT }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses what AWS refuses: MaxResults past 50, an unknown status, an unknown key', async () => {
    await expect(accountApi(emulator, keys.member).send(new ListRegionsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'ValidationException',
      reason: 'fieldValidationFailed',
    });
    await expect(
      accountApi(emulator, keys.member).send(new ListRegionsCommand({ RegionOptStatusContains: ['OPTED_IN' as 'ENABLED'] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(accountApi(emulator, { accessKeyId: 'AKIANOBODYHASTHISKEY', secretAccessKey: 'x' }).send(new ListRegionsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('an injected failure of ListRegions is answered with the Account API\'s status, and typed by the SDK', async () => {
    emulator.faults.set({ failures: [{ operation: 'ListRegions', errorType: 'TooManyRequestsException', times: 1 }] });
    try {
      await expect(accountApi(emulator, keys.member).send(new ListRegionsCommand({}))).rejects.toMatchObject({
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      });
      await expect(accountApi(emulator, keys.member).send(new ListRegionsCommand({}))).resolves.toMatchObject({ Regions: expect.any(Array) });
    } finally {
      emulator.faults.set({});
    }
  });
});

describe('optInRegions in the organization file', () => {
  const withOptIn = (optInRegions: unknown) => () => parseAccountsConfig({ accounts: [{ id: MEMBER, name: 'Member', optInRegions }] });
  it('names opt-in Regions only, each in a state AWS has', () => {
    expect(withOptIn({ 'eu-south-1': 'ENABLED' })()).toMatchObject({ accounts: [{ optInRegions: { 'eu-south-1': 'ENABLED' } }] });
    // AWS: Regions enabled by default cannot be disabled.
    expect(withOptIn({ 'us-east-1': 'DISABLED' })).toThrow(/optInRegions\.us-east-1 is not an opt-in Region/);
    expect(withOptIn({ 'eu-south-1': 'ENABLED_BY_DEFAULT' })).toThrow(/must be one of ENABLED, ENABLING, DISABLING, DISABLED/);
  });
});
