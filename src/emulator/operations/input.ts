import { CloudTrailError } from '../errors.js';
import type { RuleViolation } from '../../rules/violation.js';
import type { OperationInput } from './types.js';

/**
 * Readers for request members. The SDK validates types before sending, but the wire server also
 * answers hand-written requests (curl), so a member of the wrong JSON type is refused the way
 * CloudTrail refuses it: InvalidParameterException unless the caller names another exception.
 */

/** Answers a broken CloudTrail rule with the exception AWS names for it. */
export function reject(violation: RuleViolation | undefined): void {
  if (violation) throw new CloudTrailError(violation.type, violation.message);
}

export function optionalString(input: OperationInput, member: string, errorType = 'InvalidParameterException'): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new CloudTrailError(errorType, `${member} must be a string.`);
  return value;
}

export function optionalBoolean(input: OperationInput, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new CloudTrailError('InvalidParameterException', `${member} must be a boolean.`);
  return value;
}

export function optionalStringList(input: OperationInput, member: string, errorType = 'InvalidParameterException'): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new CloudTrailError(errorType, `${member} must be a list of strings.`);
  }
  return value as string[];
}

/** A list of objects (e.g. TagsList); each item is validated by the rule that reads it. */
export function optionalObjectList(input: OperationInput, member: string, errorType = 'InvalidParameterException'): Record<string, unknown>[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== 'object' || Array.isArray(v))) {
    throw new CloudTrailError(errorType, `${member} must be a list of objects.`);
  }
  return value as Record<string, unknown>[];
}
