import { describe, expect, it } from 'vitest';
import { checkSourceIdentity, parseRoleArn, toSourceIdentity } from '../../src/rules/sts.js';

describe('STS rules', () => {
  it('toSourceIdentity keeps a valid value and makes any text valid', () => {
    expect(toSourceIdentity('alice@example.com')).toBe('alice@example.com');
    expect(toSourceIdentity('aws:admin')).toBe('aws_admin');
    expect(toSourceIdentity('Zoë Smith')).toBe('Zo__Smith');
    expect(toSourceIdentity('x')).toBe('x_');
    expect(toSourceIdentity('y'.repeat(100))).toHaveLength(64);
    for (const text of ['aws:admin', 'Zoë Smith', 'x', '', 'y'.repeat(100), 'a b/c:d']) {
      expect(checkSourceIdentity(toSourceIdentity(text))).toBeUndefined();
    }
  });

  it('parseRoleArn reads the account, path and role name of an IAM role ARN only', () => {
    expect(parseRoleArn('arn:aws:iam::123456789012:role/team/ops/writer')).toEqual({
      partition: 'aws',
      accountId: '123456789012',
      path: '/team/ops/',
      roleName: 'writer',
    });
    expect(parseRoleArn('arn:aws:iam::123456789012:user/writer')).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam::12345:role/writer')).toBeUndefined();
  });
});
