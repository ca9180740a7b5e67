import type { RuleViolation } from './violation.js';

/** AWS: a trail name is 3 to 128 characters long. */
export const TRAIL_NAME_MIN_LENGTH = 3;
export const TRAIL_NAME_MAX_LENGTH = 128;

const ALLOWED_CHARACTERS = /^[A-Za-z0-9._-]+$/;
const ALPHANUMERIC_ENDS = /^[A-Za-z0-9](.*[A-Za-z0-9])?$/;
const ADJACENT_SEPARATORS = /[._-]{2}/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

function invalid(message: string): RuleViolation {
  return { type: 'InvalidTrailNameException', message };
}

/**
 * AWS (CreateTrailRequest.Name, InvalidTrailNameException): a trail name contains only ASCII
 * letters, digits, periods, underscores and dashes; starts and ends with a letter or digit; is 3 to
 * 128 characters long; has no adjacent periods, underscores or dashes (`my-_namespace`,
 * `my--namespace`); and is not formatted as an IP address (`192.168.5.4`).
 */
export function checkTrailName(name: unknown): RuleViolation | undefined {
  if (typeof name !== 'string' || name.length === 0) {
    return invalid('Trail name must be specified.');
  }
  if (name.length < TRAIL_NAME_MIN_LENGTH || name.length > TRAIL_NAME_MAX_LENGTH) {
    return invalid(`Trail name must be between ${TRAIL_NAME_MIN_LENGTH} and ${TRAIL_NAME_MAX_LENGTH} characters long: ${name}`);
  }
  if (!ALLOWED_CHARACTERS.test(name)) {
    return invalid(`Trail name can only contain ASCII letters, numbers, periods, underscores and dashes: ${name}`);
  }
  if (!ALPHANUMERIC_ENDS.test(name)) {
    return invalid(`Trail name must start and end with a letter or number: ${name}`);
  }
  if (ADJACENT_SEPARATORS.test(name)) {
    return invalid(`Trail name cannot have adjacent periods, underscores or dashes: ${name}`);
  }
  if (IP_ADDRESS.test(name)) {
    return invalid(`Trail name cannot be formatted as an IP address: ${name}`);
  }
  return undefined;
}
