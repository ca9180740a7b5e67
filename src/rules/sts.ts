import type { RuleViolation } from './violation.js';

/**
 * AWS STS's input rules for AssumeRole (API reference, AssumeRole request parameters), shared by
 * the emulator's STS (to refuse like STS) and the gateway (to sanitise what it sends, e.g. a
 * SourceIdentity built from a user name, before calling STS). STS answers a broken rule with
 * `ValidationError` and the message shape `1 validation error detected: Value '...' at
 * 'roleSessionName' failed to satisfy constraint: ...`.
 */

/** AWS: RoleSessionName and SourceIdentity are 2-64 characters of `[\w+=,.@-]`. */
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]*$/;
export const SOURCE_IDENTITY_PATTERN = /^[\w+=,.@-]*$/;
/** AWS: ExternalId is 2-1224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]*$/;
export const ROLE_SESSION_NAME_LENGTH = { min: 2, max: 64 } as const;
export const SOURCE_IDENTITY_LENGTH = { min: 2, max: 64 } as const;
export const EXTERNAL_ID_LENGTH = { min: 2, max: 1224 } as const;
/** AWS: RoleArn is 20-2048 characters. */
export const ROLE_ARN_LENGTH = { min: 20, max: 2048 } as const;
/** AWS: DurationSeconds is 900 (15 minutes) to 43200 (12 hours); 3600 when absent. */
export const DURATION_SECONDS = { min: 900, max: 43_200, default: 3600 } as const;
/** AWS: "Role chaining limits your ... role session to a maximum of one hour." */
export const CHAINED_ROLE_MAX_DURATION_SECONDS = 3600;

/** An IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/<optional path/>name`. */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

export interface RoleArnParts {
  partition: string;
  accountId: string;
  /** `/` or `/team/`: IAM role paths start and end with a slash. */
  path: string;
  roleName: string;
}

function validationError(member: string, value: string | null, constraint: string): RuleViolation {
  const shown = value === null ? 'null' : `'${value}'`;
  return {
    type: 'ValidationError',
    message: `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  };
}

function checkText(
  member: string,
  value: string,
  length: { min: number; max: number },
  pattern: RegExp,
  patternText: string,
): RuleViolation | undefined {
  if (value.length < length.min) return validationError(member, value, `Member must have length greater than or equal to ${length.min}`);
  if (value.length > length.max) return validationError(member, value, `Member must have length less than or equal to ${length.max}`);
  if (!pattern.test(value)) return validationError(member, value, `Member must satisfy regular expression pattern: ${patternText}`);
  return undefined;
}

export function parseRoleArn(value: string): RoleArnParts | undefined {
  const match = ROLE_ARN.exec(value);
  if (!match) return undefined;
  return { partition: match[1], accountId: match[2], path: `/${match[3]}`, roleName: match[4] };
}

export function checkRoleArn(value: string | undefined): RuleViolation | undefined {
  if (value === undefined) return validationError('roleArn', null, 'Member must not be null');
  if (value.length < ROLE_ARN_LENGTH.min) {
    return validationError('roleArn', value, `Member must have length greater than or equal to ${ROLE_ARN_LENGTH.min}`);
  }
  if (value.length > ROLE_ARN_LENGTH.max) {
    return validationError('roleArn', value, `Member must have length less than or equal to ${ROLE_ARN_LENGTH.max}`);
  }
  // STS answers an ARN that names no IAM role with ValidationError too ("... is invalid").
  if (!parseRoleArn(value)) return { type: 'ValidationError', message: `${value} is invalid` };
  return undefined;
}

export function checkRoleSessionName(value: string | undefined): RuleViolation | undefined {
  if (value === undefined) return validationError('roleSessionName', null, 'Member must not be null');
  return checkText('roleSessionName', value, ROLE_SESSION_NAME_LENGTH, ROLE_SESSION_NAME_PATTERN, '[\\w+=,.@-]*');
}

/**
 * AWS also reserves the prefix `aws:`; the pattern already refuses it, since `:` is not among the
 * allowed characters.
 */
export function checkSourceIdentity(value: string | undefined): RuleViolation | undefined {
  if (value === undefined) return undefined;
  return checkText('sourceIdentity', value, SOURCE_IDENTITY_LENGTH, SOURCE_IDENTITY_PATTERN, '[\\w+=,.@-]*');
}

export function checkExternalId(value: string | undefined): RuleViolation | undefined {
  if (value === undefined) return undefined;
  return checkText('externalId', value, EXTERNAL_ID_LENGTH, EXTERNAL_ID_PATTERN, '[\\w+=,.@:\\/-]*');
}

/** DurationSeconds as sent (query parameters are text); `chained` when the caller is itself a role session. */
export function checkDurationSeconds(value: number | undefined, chained: boolean): RuleViolation | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value)) return validationError('durationSeconds', String(value), 'Member must be an integer');
  if (value < DURATION_SECONDS.min) {
    return validationError('durationSeconds', String(value), `Member must have value greater than or equal to ${DURATION_SECONDS.min}`);
  }
  if (value > DURATION_SECONDS.max) {
    return validationError('durationSeconds', String(value), `Member must have value less than or equal to ${DURATION_SECONDS.max}`);
  }
  if (chained && value > CHAINED_ROLE_MAX_DURATION_SECONDS) {
    return { type: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' };
  }
  return undefined;
}

/**
 * The closest valid SourceIdentity to `value`: characters outside `[\w+=,.@-]` (so also the `:` of a
 * reserved `aws:` prefix) become `_`, and the result is padded or cut to 2-64 characters. For callers
 * (the gateway) that build a SourceIdentity from free text such as a user name or e-mail address.
 */
export function toSourceIdentity(value: string): string {
  let text = value.replace(/[^\w+=,.@-]/g, '_');
  if (text.length < SOURCE_IDENTITY_LENGTH.min) text = text.padEnd(SOURCE_IDENTITY_LENGTH.min, '_');
  return text.slice(0, SOURCE_IDENTITY_LENGTH.max);
}
