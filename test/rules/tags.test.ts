import { describe, expect, it } from 'vitest';
import { checkTagCount, checkTags } from '../../src/rules/tags.js';

describe('checkTags (AWS tag rules)', () => {
  it('accepts keys up to 128 and values up to 256 characters, and keys without values', () => {
    expect(checkTags([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }, { Key: 'no-value' }])).toBeUndefined();
  });

  it('measures lengths in Unicode characters, not UTF-16 units', () => {
    // U+1D49C (a letter outside the Basic Multilingual Plane) is 2 UTF-16 units: 200 of them are 200 characters.
    expect(checkTags([{ Key: 'k', Value: '\u{1D49C}'.repeat(200) }])).toBeUndefined();
    expect(checkTags([{ Key: 'k', Value: '\u{1D49C}'.repeat(257) }])?.type).toBe('InvalidTagParameterException');
  });

  it('accepts letters of any language, spaces and _ . : / = + - @', () => {
    expect(checkTags([{ Key: 'Équipe projet_1.a:b/c=d+e-f@g', Value: 'données 2026' }])).toBeUndefined();
  });

  it.each([
    ['a key of 129 characters', [{ Key: 'k'.repeat(129) }]],
    ['a value of 257 characters', [{ Key: 'k', Value: 'v'.repeat(257) }]],
    ['an empty key', [{ Key: '' }]],
    ['a missing key', [{ Value: 'v' }]],
    ['a key with a disallowed character', [{ Key: 'team#1' }]],
    ['a key reserved for AWS', [{ Key: 'aws:cloudformation:stack-name' }]],
    ['the same key twice', [{ Key: 'k' }, { Key: 'k', Value: 'v' }]],
    ['a value that is not a string', [{ Key: 'k', Value: 3 }]],
  ])('refuses %s with InvalidTagParameterException', (_what, tags) => {
    expect(checkTags(tags)?.type).toBe('InvalidTagParameterException');
  });
});

describe('checkTagCount', () => {
  it('allows 50 tags on a resource and refuses 51 with TagsLimitExceededException', () => {
    expect(checkTagCount(50)).toBeUndefined();
    expect(checkTagCount(51)?.type).toBe('TagsLimitExceededException');
  });
});
