import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { roleNameFor } from '../../src/organization-config.js';

const organization = (value: unknown, env: Record<string, string> = {}) =>
  loadConfig({ ORG_ACCOUNTS: JSON.stringify(value), ...env }).organization;

describe('ORG_ACCOUNTS / ORG_ACCOUNTS_FILE', () => {
  it('are off by default: no organization view', () => {
    expect(loadConfig({}).organization).toBeUndefined();
  });

  it('give each account its role, external id, session name and Regions, defaults filled from the top level', () => {
    const settings = organization(
      {
        regions: ['us-east-1', 'eu-west-1'],
        roleName: 'CloudTrailInsightsReader',
        externalId: 'org-wide-id',
        accounts: [
          { id: '111111111111', name: 'prod' },
          { id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/Custom', externalId: 'special', sessionName: 'dash', regions: ['ap-south-1'] },
        ],
      },
      { ORG_SESSION_SECONDS: '1800' },
    );
    expect(settings?.accounts).toEqual([
      {
        id: '111111111111',
        name: 'prod',
        roleArn: 'arn:aws:iam::111111111111:role/CloudTrailInsightsReader',
        externalId: 'org-wide-id',
        sessionName: 'cloudtrail-insights-gateway',
        regions: ['us-east-1', 'eu-west-1'],
      },
      { id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/Custom', externalId: 'special', sessionName: 'dash', regions: ['ap-south-1'] },
    ]);
    expect(settings).toMatchObject({ sessionSeconds: 1800, maxConcurrencyPerRegion: 4, maxShards: 300 });
  });

  it('builds role ARNs in the partition of the gateway\'s Region', () => {
    const settings = organization({ regions: ['cn-north-1'], roleName: 'Reader', accounts: [{ id: '111111111111' }] }, { AWS_REGION: 'cn-north-1' });
    expect(settings?.accounts[0]?.roleArn).toBe('arn:aws-cn:iam::111111111111:role/Reader');
  });

  it('reads the same JSON from ORG_ACCOUNTS_FILE, and refuses both at once', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'org-')), 'accounts.json');
    writeFileSync(file, JSON.stringify({ regions: ['us-east-1'], roleName: 'R', accounts: [{ id: '111111111111' }] }));
    expect(loadConfig({ ORG_ACCOUNTS_FILE: file }).organization?.accounts).toHaveLength(1);
    expect(() => loadConfig({ ORG_ACCOUNTS_FILE: file, ORG_ACCOUNTS: '{}' })).toThrow('Set one of ORG_ACCOUNTS or ORG_ACCOUNTS_FILE, not both');
    expect(() => loadConfig({ ORG_ACCOUNTS_FILE: `${file}.missing` })).toThrow('cannot read');
  });

  it.each([
    ['not JSON', '{', 'ORG_ACCOUNTS: is not JSON'],
    ['no accounts and no discovery', '{"regions":["us-east-1"]}', 'lists no "accounts" and has no "discovery"'],
    ['a short account id', '{"regions":["us-east-1"],"roleName":"R","accounts":[{"id":"1234"}]}', 'accounts[0].id: must be a 12-digit account id'],
    ['an account twice', '{"regions":["us-east-1"],"roleName":"R","accounts":[{"id":"111111111111"},{"id":"111111111111"}]}', 'account 111111111111 is listed twice'],
    ['no role', '{"regions":["us-east-1"],"accounts":[{"id":"111111111111"}]}', 'accounts[0].roleArn: is required'],
    ['a role of another account', '{"regions":["us-east-1"],"accounts":[{"id":"111111111111","roleArn":"arn:aws:iam::222222222222:role/R"}]}', 'names a role of another account'],
    ['no Regions', '{"roleName":"R","accounts":[{"id":"111111111111"}]}', 'accounts[0].regions: must list the Regions'],
    ['a bad Region', '{"regions":["mars-1"],"roleName":"R","accounts":[{"id":"111111111111"}]}', '"mars-1" is not an AWS Region code'],
    ['a bad external id', '{"regions":["us-east-1"],"roleName":"R","externalId":"x","accounts":[{"id":"111111111111"}]}', 'externalId: must be 2-1224'],
    ['a bad session name', '{"regions":["us-east-1"],"roleName":"R","accounts":[{"id":"111111111111","sessionName":"a b"}]}', 'sessionName: must be 2-64'],
    ['an unknown key', '{"regions":["us-east-1"],"roleName":"R","acounts":[]}', 'unknown setting "acounts"'],
  ])('refuses %s with a message naming where', (_case, json, message) => {
    expect(() => loadConfig({ ORG_ACCOUNTS: json })).toThrow(message);
  });

  it('discovery takes a role-name pattern with the account id and name', () => {
    const settings = organization({ regions: ['us-east-1'], discovery: { roleNamePattern: 'Reader-{accountName}' } });
    expect(settings?.discovery).toEqual({ roleNamePattern: 'Reader-{accountName}', sessionName: 'cloudtrail-insights-gateway', regions: ['us-east-1'] });
    expect(roleNameFor('Reader-{accountName}', { id: '111111111111', name: 'Prod EU/1' })).toBe('Reader-Prod-EU-1');
    expect(roleNameFor('R{accountId}', { id: '111111111111' })).toBe('R111111111111');
    expect(() => organization({ regions: ['us-east-1'], discovery: {} })).toThrow('discovery.roleNamePattern: is required');
  });

  it('bounds ORG_SESSION_SECONDS by what STS accepts', () => {
    expect(() => organization({ regions: ['us-east-1'], roleName: 'R', accounts: [{ id: '111111111111' }] }, { ORG_SESSION_SECONDS: '600' })).toThrow(
      'ORG_SESSION_SECONDS must be an integer from 900 to 43200',
    );
  });
});
