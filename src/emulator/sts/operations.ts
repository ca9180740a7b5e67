import type { Clock } from '../clock.js';
import type { AccountDirectory } from '../organization/directory.js';
import type { RuleViolation } from '../../rules/violation.js';
import {
  checkDurationSeconds,
  checkExternalId,
  checkRoleArn,
  checkRoleSessionName,
  checkSourceIdentity,
  DURATION_SECONDS,
  parseRoleArn,
} from '../../rules/sts.js';
import { assumedRoleArn, callerSummary, cloudTrailTime, uniqueId, type CallerIdentity, type RoleSession } from './identity.js';
import { newSecretAccessKey, newSessionAccessKeyId, newSessionToken, type RoleSessions } from './sessions.js';
import type { XmlTree } from './xml.js';

/** An STS error: its code (`<Code>` in the XML error), message and HTTP status. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

function reject(violation: RuleViolation | undefined): void {
  if (violation) throw new StsError(violation.type, violation.message);
}

export interface StsContext {
  caller: CallerIdentity;
  /** The accounts the emulator holds and their roles. */
  directory: AccountDirectory;
  sessions: RoleSessions;
  clock: Clock;
}

/** What an STS action answered, and what CloudTrail records of it (absent: not recorded). */
export interface StsAnswer {
  result: XmlTree;
  recorded?: {
    /** The account of the resource the call acted on (AssumeRole: the role's), when it is another account than the caller's. */
    resourceAccountId?: string;
    requestParameters: Record<string, unknown>;
    responseElements: Record<string, unknown>;
    resources: Record<string, unknown>[];
  };
}

/** Query parameters are text; DurationSeconds must read as an integer. */
function durationSeconds(params: URLSearchParams): number | undefined {
  const text = params.get('DurationSeconds');
  if (text === null) return undefined;
  if (!/^-?\d+$/.test(text)) {
    throw new StsError('ValidationError', `1 validation error detected: Value '${text}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
  }
  return Number(text);
}

function optional(params: URLSearchParams, name: string): string | undefined {
  return params.get(name) ?? undefined;
}

/**
 * AssumeRole: temporary credentials for a role session in the role's account. The emulator has no
 * IAM; the account directory stands for it: a role exists when its account is held and lists it (or
 * lists no roles, when any role name is accepted), its trust policy admits the accounts configured
 * (every held account by default) and asks for the ExternalId configured. Anything else is refused
 * as AWS refuses a role whose trust policy does not admit the caller: AccessDenied, which also
 * covers a role that does not exist (STS does not tell the two apart). MFA and session policies are
 * not evaluated; Policy, PolicyArns and Tags are accepted and not applied.
 */
function assumeRole(params: URLSearchParams, ctx: StsContext): StsAnswer {
  const roleArn = optional(params, 'RoleArn');
  reject(checkRoleArn(roleArn));
  const sessionName = optional(params, 'RoleSessionName');
  reject(checkRoleSessionName(sessionName));
  const chained = ctx.caller.type === 'AssumedRole';
  const duration = durationSeconds(params);
  reject(checkDurationSeconds(duration, chained));
  const externalId = optional(params, 'ExternalId');
  reject(checkExternalId(externalId));
  const requestedSourceIdentity = optional(params, 'SourceIdentity');
  reject(checkSourceIdentity(requestedSourceIdentity));

  const role = parseRoleArn(roleArn as string);
  if (!role) throw new StsError('ValidationError', `${roleArn} is invalid`);
  const callerArn = callerSummary(ctx.caller).arn;
  const configured = ctx.directory.role(role.accountId, role.roleName);
  const trusted =
    configured === 'any' ||
    (configured !== undefined &&
      (configured.trustedAccountIds ?? ctx.directory.accounts.map((a) => a.id)).includes(ctx.caller.accountId) &&
      (configured.externalId === undefined || configured.externalId === externalId));
  if (!trusted) {
    throw new StsError('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  }
  // AWS: "The source identity value persists across chained role sessions"; once set, it cannot change.
  const inherited = ctx.caller.type === 'AssumedRole' ? ctx.caller.session.sourceIdentity : undefined;
  if (inherited !== undefined && requestedSourceIdentity !== undefined && requestedSourceIdentity !== inherited) {
    throw new StsError('AccessDenied', `User: ${callerArn} is not authorized to set source identity ${requestedSourceIdentity}: the session's source identity ${inherited} cannot change.`, 403);
  }

  const session: RoleSession = {
    accessKeyId: newSessionAccessKeyId(),
    secretAccessKey: newSecretAccessKey(),
    sessionToken: newSessionToken(),
    expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + (duration ?? DURATION_SECONDS.default) * 1000),
    createdAt: ctx.clock.now(),
    accountId: role.accountId,
    partition: role.partition,
    roleArn: roleArn as string,
    roleName: role.roleName,
    roleId: uniqueId('AROA', roleArn as string),
    sessionName: sessionName as string,
    sourceIdentity: inherited ?? requestedSourceIdentity,
    chained,
  };
  ctx.sessions.add(session);

  const assumedRoleId = `${session.roleId}:${session.sessionName}`;
  const expiration = cloudTrailTime(session.expiration);
  return {
    result: {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: expiration,
      },
      AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: assumedRoleArn(session) },
      SourceIdentity: session.sourceIdentity,
    },
    recorded: {
      resourceAccountId: role.accountId === ctx.caller.accountId ? undefined : role.accountId,
      requestParameters: {
        roleArn: session.roleArn,
        roleSessionName: session.sessionName,
        ...(duration !== undefined ? { durationSeconds: duration } : {}),
        ...(externalId !== undefined ? { externalId } : {}),
        ...(requestedSourceIdentity !== undefined ? { sourceIdentity: requestedSourceIdentity } : {}),
      },
      // As AWS logs it: key id, session token and expiration, never the secret key (without which
      // a request cannot be signed, and the emulator checks session signatures).
      responseElements: {
        credentials: { accessKeyId: session.accessKeyId, sessionToken: session.sessionToken, expiration },
        assumedRoleUser: { assumedRoleId, arn: assumedRoleArn(session) },
        ...(session.sourceIdentity !== undefined ? { sourceIdentity: session.sourceIdentity } : {}),
      },
      resources: [{ accountId: role.accountId, type: 'AWS::IAM::Role', ARN: session.roleArn }],
    },
  };
}

/** GetCallerIdentity: who signed the request. AWS: "No permissions are required to perform this operation." */
function getCallerIdentity(_params: URLSearchParams, ctx: StsContext): StsAnswer {
  const { arn, userId, account } = callerSummary(ctx.caller);
  return { result: { UserId: userId, Account: account, Arn: arn } };
}

export const stsActions: Record<string, (params: URLSearchParams, ctx: StsContext) => StsAnswer> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: getCallerIdentity,
};
