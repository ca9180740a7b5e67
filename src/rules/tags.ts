import type { RuleViolation } from './violation.js';

/** AWS (Tag): a key is at most 128 Unicode characters, a value at most 256. */
export const TAG_KEY_MAX_LENGTH = 128;
export const TAG_VALUE_MAX_LENGTH = 256;
/** AWS (TagsLimitExceededException): at most 50 tags per trail, event data store, dashboard or channel. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** AWS (ListTagsRequest.ResourceIdList): tags of up to 20 resources per call. */
export const MAX_RESOURCES_PER_LIST_TAGS = 20;

/** AWS tagging: letters, numbers and spaces in any language, and `_ . : / = + - @`. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A tag as received; members are checked, not assumed, to be strings. */
export interface TagInput {
  Key?: unknown;
  Value?: unknown;
}

function invalidTag(message: string): RuleViolation {
  return { type: 'InvalidTagParameterException', message };
}

/** Counts Unicode characters (code points), as AWS measures tag lengths. */
function characters(value: string): number {
  return [...value].length;
}

/**
 * AWS (Tag, InvalidTagParameterException): every tag has a key of 1 to 128 characters, a value of at
 * most 256, the characters AWS tagging allows, no `aws:` prefix (reserved for AWS), and the keys in
 * one list are unique.
 */
export function checkTags(tags: readonly TagInput[]): RuleViolation | undefined {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key;
    if (typeof key !== 'string' || characters(key) === 0) return invalidTag('Every tag needs a key.');
    if (characters(key) > TAG_KEY_MAX_LENGTH) {
      return invalidTag(`Tag key must be at most ${TAG_KEY_MAX_LENGTH} characters long: ${key}`);
    }
    if (!TAG_CHARACTERS.test(key)) return invalidTag(`Tag key contains characters that are not allowed: ${key}`);
    if (key.toLowerCase().startsWith('aws:')) return invalidTag(`Tag keys starting with aws: are reserved for AWS: ${key}`);
    const value = tag.Value;
    if (value !== undefined && value !== null) {
      if (typeof value !== 'string') return invalidTag(`Tag value must be a string for key ${key}.`);
      if (characters(value) > TAG_VALUE_MAX_LENGTH) {
        return invalidTag(`Tag value must be at most ${TAG_VALUE_MAX_LENGTH} characters long for key ${key}.`);
      }
      if (!TAG_CHARACTERS.test(value)) return invalidTag(`Tag value contains characters that are not allowed for key ${key}.`);
    }
    if (seen.has(key)) return invalidTag(`Duplicate tag key: ${key}`);
    seen.add(key);
  }
  return undefined;
}

/** AWS (TagsLimitExceededException): a resource holds at most 50 tags after the change. */
export function checkTagCount(count: number): RuleViolation | undefined {
  if (count > MAX_TAGS_PER_RESOURCE) {
    return {
      type: 'TagsLimitExceededException',
      message: `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; this change would leave ${count}.`,
    };
  }
  return undefined;
}
