import { describe, expect, it } from 'vitest';
import { checkTrailName } from '../../src/rules/trail-name.js';

describe('checkTrailName (AWS trail naming rules)', () => {
  it.each(['abc', 'My.Trail_1-x', 'a'.repeat(128), '1st-trail', 'trail9', '192.168.5', '192.168.5.4a'])('accepts %j', (name) => {
    expect(checkTrailName(name)).toBeUndefined();
  });

  it.each([
    ['ab', 'fewer than 3 characters'],
    ['a'.repeat(129), 'more than 128 characters'],
    ['', 'empty'],
    ['my trail', 'a space'],
    ['trail/1', 'a slash'],
    ['trailé', 'a non-ASCII letter'],
    ['_trail', 'starts with an underscore'],
    ['.trail', 'starts with a period'],
    ['trail-', 'ends with a dash'],
    ['my--namespace', 'two adjacent dashes'],
    ['my-_namespace', 'a dash next to an underscore'],
    ['my._namespace', 'a period next to an underscore'],
    ['my..namespace', 'two adjacent periods'],
    ['192.168.5.4', 'an IP address'],
    ['10.0.0.1', 'an IP address'],
  ])('refuses %j (%s) with InvalidTrailNameException', (name) => {
    expect(checkTrailName(name)?.type).toBe('InvalidTrailNameException');
  });

  it('refuses a missing or non-string name with InvalidTrailNameException', () => {
    expect(checkTrailName(undefined)?.type).toBe('InvalidTrailNameException');
    expect(checkTrailName(42)?.type).toBe('InvalidTrailNameException');
  });
});
