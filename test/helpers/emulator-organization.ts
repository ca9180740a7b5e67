import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AccountsConfig } from '../../src/emulator/organization/accounts.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

/**
 * A small organization for tests: a management account, a member, a delegated administrator and a
 * standalone account, each with a long-term key whose secret the emulator checks.
 */
export const MANAGEMENT = '111111111111';
export const MEMBER = '222222222222';
export const ADMIN = '333333333333';
export const STANDALONE = '444444444444';

export const keys = {
  management: { accessKeyId: 'AKIATESTMANAGEMENT01', secretAccessKey: 'management-secret' },
  member: { accessKeyId: 'AKIATESTMEMBER000001', secretAccessKey: 'member-secret' },
  admin: { accessKeyId: 'AKIATESTADMIN0000001', secretAccessKey: 'admin-secret' },
  standalone: { accessKeyId: 'AKIATESTSTANDALONE01', secretAccessKey: 'standalone-secret' },
};

export const testOrganization: AccountsConfig = {
  strictAccessKeys: true,
  organization: { id: 'o-testorg0001', managementAccountId: MANAGEMENT, delegatedAdministratorIds: [ADMIN] },
  accounts: [
    { id: MANAGEMENT, name: 'Management', accessKeys: [keys.management] },
    {
      id: MEMBER,
      name: 'Member',
      email: 'member@example.com',
      accessKeys: [keys.member],
      // Europe (Milan) enabled, Middle East (Bahrain) still being enabled: Account Management ListRegions tells.
      optInRegions: { 'eu-south-1': 'ENABLED', 'me-south-1': 'ENABLING' },
      roles: [
        { name: 'OrganizationAccountAccessRole', trustedAccountIds: [MANAGEMENT] },
        { name: 'Reader' },
        { name: 'PartnerAudit', externalId: 'partner-7' },
      ],
    },
    { id: ADMIN, name: 'Audit', accessKeys: [keys.admin], roles: [{ name: 'Reader' }] },
    { id: STANDALONE, name: 'Outsider', standalone: true, accessKeys: [keys.standalone] },
  ],
};

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Real SDK clients by endpoint, no retries, so every error is seen as the emulator sent it. */
export function cloudTrail(emulator: RunningEmulator, credentials: Credentials, region = 'us-east-1'): CloudTrailClient {
  return new CloudTrailClient({ region, endpoint: emulator.url, credentials, maxAttempts: 1 });
}

export function sts(emulator: RunningEmulator, credentials: Credentials): STSClient {
  return new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
}

export function organizations(emulator: RunningEmulator, credentials: Credentials): OrganizationsClient {
  return new OrganizationsClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
}

export function accountApi(emulator: RunningEmulator, credentials: Credentials): AccountClient {
  return new AccountClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
}

export const roleArn = (accountId: string, name: string): string => `arn:aws:iam::${accountId}:role/${name}`;
