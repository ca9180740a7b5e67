import type { AccountConfig } from './accounts.js';

/**
 * The Regions of the emulator's partition (`aws`) and whether an account has each, as the AWS
 * Account Management API tells (ListRegions). AWS: "Regions introduced before March 20, 2019 are
 * enabled by default" (ENABLED_BY_DEFAULT, they cannot be disabled); Regions introduced later are
 * opt-in: DISABLED until the account enables them (ENABLING, then ENABLED; DISABLING back).
 */

export type RegionOptStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';

/** The states an opt-in Region can be in (an account sets these; ENABLED_BY_DEFAULT is not a choice). */
export const OPT_IN_STATES: readonly RegionOptStatus[] = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED'];

export const DEFAULT_ENABLED_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

export interface AccountRegion {
  RegionName: string;
  RegionOptStatus: RegionOptStatus;
}

/** Every Region of the partition with the account's status in it, by Region code (ListRegions' order). */
export function regionsOfAccount(account: Pick<AccountConfig, 'optInRegions'>): AccountRegion[] {
  const regions: AccountRegion[] = [
    ...DEFAULT_ENABLED_REGIONS.map((RegionName) => ({ RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT' as const })),
    ...OPT_IN_REGIONS.map((RegionName) => ({ RegionName, RegionOptStatus: account.optInRegions?.[RegionName] ?? ('DISABLED' as const) })),
  ];
  return regions.sort((a, b) => a.RegionName.localeCompare(b.RegionName));
}
