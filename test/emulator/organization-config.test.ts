import { describe, expect, it } from 'vitest';
import { parseAccountsConfig } from '../../src/emulator/organization/accounts.js';
import { testOrganization } from '../helpers/emulator-organization.js';

/** The `--organization` file is checked before the emulator starts: each broken rule is named. */

const account = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `account-${id}`, ...extra });

describe('the organization configuration', () => {
  it('accepts the test organization as written', () => {
    expect(parseAccountsConfig(JSON.parse(JSON.stringify(testOrganization)))).toEqual(testOrganization);
  });

  it.each([
    [{ accounts: [account('12345')] }, 'accounts[0].id must be a 12-digit account id'],
    [{ accounts: [account('111111111111'), account('111111111111')] }, 'account 111111111111 is listed twice'],
    [{ accounts: [account('111111111111', { roles: [{ name: 'bad/name' }] })] }, 'accounts[0].roles[0].name must be an IAM role name'],
    [{ accounts: [account('111111111111', { accessKeys: [{ accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' }] })] }, 'must not start with ASIA'],
    [{ accounts: [account('111111111111')], organization: { managementAccountId: '222222222222' } }, 'is not among the accounts'],
    [
      { accounts: [account('111111111111')], organization: { managementAccountId: '111111111111', delegatedAdministratorIds: ['111111111111'] } },
      'cannot be its own delegated administrator',
    ],
    [{ accounts: [account('111111111111')], organization: { id: 'org-1', managementAccountId: '111111111111' } }, 'organization.id must be o-'],
    [{ accounts: [account('111111111111')], strictAccessKeys: 'yes' }, 'strictAccessKeys must be true or false'],
  ])('refuses %j', (config, message) => {
    expect(() => parseAccountsConfig(config)).toThrow(message);
  });
});
