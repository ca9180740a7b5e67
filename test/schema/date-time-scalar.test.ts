import { describe, expect, it } from 'vitest';
import { GraphQLError, type GraphQLScalarType } from 'graphql';
import { schema } from '../../src/schema/index.js';

const dateTime = schema.getType('DateTime') as GraphQLScalarType;

describe('DateTime output', () => {
  it('is the ISO 8601 text of the instant, for every instant, however often and in whatever order it is written', () => {
    // Period starts over a week (the instants a dashboard writes again and again), odd milliseconds,
    // and instants far apart that may share a remembered slot.
    const instants: number[] = [];
    for (let k = 0; k < 20_000; k++) instants.push(Date.UTC(2026, 10, 1) + k * 60_000);
    for (let k = 0; k < 5_000; k++) instants.push(Date.UTC(1999, 0, 1) + k * 7_777_777 + (k % 1000));
    instants.push(0, -1, 8.64e15);
    for (let round = 0; round < 3; round++) {
      for (const ms of round === 1 ? [...instants].reverse() : instants) {
        expect(dateTime.serialize(new Date(ms))).toBe(new Date(ms).toISOString());
      }
    }
  });

  it('writes a Date changed after it was written as its new instant', () => {
    const date = new Date('2026-11-30T10:00:00Z');
    expect(dateTime.serialize(date)).toBe('2026-11-30T10:00:00.000Z');
    date.setTime(Date.parse('2026-12-01T08:30:00Z'));
    expect(dateTime.serialize(date)).toBe('2026-12-01T08:30:00.000Z');
  });

  it('refuses an invalid Date, and a number that makes one, with a GraphQL error', () => {
    for (const value of [new Date(Number.NaN), Number.NaN, 1e20]) {
      expect(() => dateTime.serialize(value)).toThrow(GraphQLError);
      expect(() => dateTime.serialize(value)).toThrow('DateTime cannot represent an invalid Date instance');
    }
  });

  it('writes strings and epoch milliseconds given by a resolver as graphql-scalars reads them', () => {
    expect(dateTime.serialize('2026-11-30T10:00:00Z')).toBe('2026-11-30T10:00:00.000Z');
    expect(dateTime.serialize(Date.UTC(2026, 10, 30, 10))).toBe('2026-11-30T10:00:00.000Z');
  });
});
