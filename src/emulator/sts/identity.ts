import { createHash } from 'node:crypto';

/**
 * Who signed a request, as the emulator knows it: the access key in the SigV4 credential scope
 * decides. Keys issued by the emulator's AssumeRole are role sessions; any other key is treated as
 * a long-term key of one IAM user of the emulated account (the emulator has no IAM to ask); an
 * unsigned request (curl, `--no-sign-request`) has no identity CloudTrail could name.
 *
 * Every identity carries its account: for a role session it is the role ARN's account, so that a
 * later multi-account emulator can route a session's calls to that account's store.
 */

/** The IAM user every long-term (non-STS) access key belongs to. */
export const STATIC_KEY_USER_NAME = 'emulator-user';

export interface RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** When the credentials stop working, by the wall clock (the SDK compares Expiration with it). */
  expiration: Date;
  /** When the session was created, by the emulator's clock (as event times are). */
  createdAt: Date;
  accountId: string;
  partition: string;
  roleArn: string;
  roleName: string;
  /** The role's unique id (`AROA...`), stable for a role ARN. */
  roleId: string;
  sessionName: string;
  sourceIdentity?: string;
  /** Whether the session was assumed with another role session's credentials (role chaining). */
  chained: boolean;
}

export type CallerIdentity =
  | { type: 'IAMUser'; accountId: string; accessKeyId: string; userName: string }
  | { type: 'AssumedRole'; accountId: string; accessKeyId: string; session: RoleSession }
  | { type: 'Unknown'; accountId: string };

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** IAM unique ids are a 4-letter prefix and 17 upper-case letters or digits; ours are derived from a name, so stable. */
export function uniqueId(prefix: 'AROA' | 'AIDA', seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[digest[i] % ID_ALPHABET.length];
  return id;
}

export function assumedRoleArn(session: RoleSession): string {
  return `arn:${session.partition}:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
}

export function iamUserArn(accountId: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user/${userName}`;
}

/** GetCallerIdentity's Arn, UserId and Account. */
export function callerSummary(identity: CallerIdentity): { arn: string; userId: string; account: string } {
  switch (identity.type) {
    case 'AssumedRole':
      return {
        arn: assumedRoleArn(identity.session),
        userId: `${identity.session.roleId}:${identity.session.sessionName}`,
        account: identity.accountId,
      };
    case 'IAMUser':
      return {
        arn: iamUserArn(identity.accountId, identity.userName),
        userId: uniqueId('AIDA', iamUserArn(identity.accountId, identity.userName)),
        account: identity.accountId,
      };
    case 'Unknown':
      return { arn: '', userId: '', account: identity.accountId };
  }
}

/** CloudTrail's time format in records: ISO 8601 UTC to the second (`2023-07-10T12:00:32Z`). */
export function cloudTrailTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The record's `userIdentity`, shaped as CloudTrail writes it (CloudTrail User Guide, "CloudTrail
 * userIdentity element"): `IAMUser` with userName and accessKeyId; `AssumedRole` with the session
 * ARN, `principalId` `<role id>:<session name>`, and `sessionContext` (the issuing role,
 * `attributes`, and `sourceIdentity` when the session was given one).
 */
export function userIdentityRecord(identity: CallerIdentity): Record<string, unknown> {
  switch (identity.type) {
    case 'IAMUser': {
      const summary = callerSummary(identity);
      return {
        type: 'IAMUser',
        principalId: summary.userId,
        arn: summary.arn,
        accountId: identity.accountId,
        accessKeyId: identity.accessKeyId,
        userName: identity.userName,
      };
    }
    case 'AssumedRole': {
      const { session } = identity;
      const sessionContext: Record<string, unknown> = {
        sessionIssuer: {
          type: 'Role',
          principalId: session.roleId,
          arn: session.roleArn,
          accountId: session.accountId,
          userName: session.roleName,
        },
        webIdFederationData: {},
        attributes: { creationDate: cloudTrailTime(session.createdAt), mfaAuthenticated: 'false' },
      };
      if (session.sourceIdentity !== undefined) sessionContext.sourceIdentity = session.sourceIdentity;
      return {
        type: 'AssumedRole',
        principalId: `${session.roleId}:${session.sessionName}`,
        arn: assumedRoleArn(session),
        accountId: session.accountId,
        accessKeyId: session.accessKeyId,
        sessionContext,
      };
    }
    case 'Unknown':
      // CloudTrail: "Unknown – The request was made with an identity type that CloudTrail cannot determine."
      return { type: 'Unknown', accountId: identity.accountId };
  }
}
