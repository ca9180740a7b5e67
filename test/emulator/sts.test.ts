import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { CloudTrailClient, ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { testCredentials } from '../helpers/emulator.js';
import { ACCOUNT } from '../helpers/trails.js';

/** The emulator's STS on its CloudTrail port, driven by the real @aws-sdk/client-sts over HTTP. */

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gateway-writer`;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function sts(credentials: AwsCredentialIdentity = testCredentials): STSClient {
  return new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
}

async function stsError(send: Promise<unknown>): Promise<STSServiceException> {
  const error = await send.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(STSServiceException);
  return error as STSServiceException;
}

async function assume(params: { RoleSessionName: string; SourceIdentity?: string; DurationSeconds?: number }, client = sts()) {
  const out = await client.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, ...params }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('AssumeRole returned no credentials');
  return { out, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } };
}

describe('STS GetCallerIdentity', () => {
  it('names the IAM user of a long-term access key', async () => {
    const out = await sts().send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/emulator-user` });
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('names the assumed-role session of credentials AssumeRole issued', async () => {
    const { out: assumed, credentials } = await assume({ RoleSessionName: 'caller-check' });
    const out = await sts(credentials).send(new GetCallerIdentityCommand({}));
    expect(out.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/gateway-writer/caller-check`);
    expect(out.Account).toBe(ACCOUNT);
    expect(out.UserId).toBe(assumed.AssumedRoleUser?.AssumedRoleId);
    expect(out.UserId).toMatch(/^AROA[A-Z2-7]{17}:caller-check$/);
  });
});

describe('STS AssumeRole', () => {
  it('issues ASIA credentials that expire after DurationSeconds, with the session ARN and SourceIdentity', async () => {
    const before = Date.now();
    const { out } = await assume({ RoleSessionName: 'alice', SourceIdentity: 'alice@example.com', DurationSeconds: 900 });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey?.length).toBeGreaterThanOrEqual(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expires = out.Credentials?.Expiration?.getTime() ?? 0;
    expect(expires).toBeGreaterThan(before + 890_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/gateway-writer/alice`);
    expect(out.SourceIdentity).toBe('alice@example.com');
  });

  it('gives every session new keys, and the same role id for the same role', async () => {
    const a = await assume({ RoleSessionName: 'one' });
    const b = await assume({ RoleSessionName: 'two' });
    expect(a.credentials.accessKeyId).not.toBe(b.credentials.accessKeyId);
    expect(a.out.AssumedRoleUser?.AssumedRoleId?.split(':')[0]).toBe(b.out.AssumedRoleUser?.AssumedRoleId?.split(':')[0]);
  });

  it('works as fromTemporaryCredentials behind a CloudTrail client', async () => {
    const credentials = fromTemporaryCredentials({
      masterCredentials: testCredentials,
      params: { RoleArn: ROLE_ARN, RoleSessionName: 'provider', SourceIdentity: 'provider-user' },
      clientConfig: { region: 'us-east-1', endpoint: emulator.url },
    });
    const resolved = await credentials();
    expect(resolved.accessKeyId).toMatch(/^ASIA/);
    const client = new CloudTrailClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
    await expect(client.send(new ListTrailsCommand({}))).resolves.toMatchObject({ Trails: [] });
    const whoami = await sts(resolved).send(new GetCallerIdentityCommand({}));
    expect(whoami.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/gateway-writer/provider`);
  });

  it.each([
    ['a RoleSessionName shorter than 2 characters', { RoleSessionName: 'a' }, "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"],
    ['a RoleSessionName with a space', { RoleSessionName: 'bad name' }, 'Member must satisfy regular expression pattern'],
    ['a RoleSessionName of 65 characters', { RoleSessionName: 'x'.repeat(65) }, 'Member must have length less than or equal to 64'],
    ['a SourceIdentity with the reserved aws: prefix', { RoleSessionName: 'ok', SourceIdentity: 'aws:admin' }, "at 'sourceIdentity'"],
    ['a SourceIdentity of 1 character', { RoleSessionName: 'ok', SourceIdentity: 'x' }, "at 'sourceIdentity'"],
    ['an ExternalId of 1 character', { RoleSessionName: 'ok', ExternalId: 'x' }, "at 'externalId'"],
    ['DurationSeconds below 900', { RoleSessionName: 'ok', DurationSeconds: 899 }, 'Member must have value greater than or equal to 900'],
    ['DurationSeconds above 43200', { RoleSessionName: 'ok', DurationSeconds: 43_201 }, 'Member must have value less than or equal to 43200'],
    ['a RoleArn that names no role', { RoleSessionName: 'ok', RoleArn: `arn:aws:iam::${ACCOUNT}:user/not-a-role` }, 'is invalid'],
  ])('refuses %s with ValidationError', async (_case, params, message) => {
    const error = await stsError(sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, ...params })));
    expect(error.name).toBe('ValidationError');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain(message);
  });

  it('refuses a missing RoleSessionName as a null member', async () => {
    const error = await stsError(sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN } as { RoleArn: string; RoleSessionName: string })));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  });

  it('refuses a role of another account with AccessDenied: the emulator serves one account', async () => {
    const error = await stsError(sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::210987654321:role/other', RoleSessionName: 'x1' })));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('limits a chained session to one hour and keeps the first session source identity', async () => {
    const { credentials } = await assume({ RoleSessionName: 'first', SourceIdentity: 'origin-user' });
    const tooLong = await stsError(sts(credentials).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'second', DurationSeconds: 7200 })));
    expect(tooLong.name).toBe('ValidationError');
    const chained = await assume({ RoleSessionName: 'second' }, sts(credentials));
    expect(chained.out.SourceIdentity).toBe('origin-user');
    const changed = await stsError(sts(credentials).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'third', SourceIdentity: 'someone-else' })));
    expect(changed.name).toBe('AccessDenied');
  });

  it('refuses a session key sent without its session token, and a temporary key it never issued', async () => {
    const { credentials } = await assume({ RoleSessionName: 'tokenless' });
    const withoutToken = await stsError(sts({ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }).send(new GetCallerIdentityCommand({})));
    expect(withoutToken.name).toBe('InvalidClientTokenId');
    const foreign = new CloudTrailClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'ASIAFOREIGNKEY000000', secretAccessKey: 's', sessionToken: 't' },
      maxAttempts: 1,
    });
    await expect(foreign.send(new ListTrailsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('checks the SigV4 signature of requests made with issued credentials: another secret key is refused', async () => {
    const { credentials } = await assume({ RoleSessionName: 'signed' });
    const forged = { ...credentials, secretAccessKey: `${credentials.secretAccessKey.slice(1)}x` };
    const cloudTrail = new CloudTrailClient({ region: 'us-east-1', endpoint: emulator.url, credentials: forged, maxAttempts: 1 });
    await expect(cloudTrail.send(new ListTrailsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    const error = await stsError(sts(forged).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('refuses credentials past their Expiration with ExpiredTokenException, in CloudTrail and in STS', async () => {
    const { credentials } = await assume({ RoleSessionName: 'expiring', DurationSeconds: 900 });
    const cloudTrail = new CloudTrailClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
    await expect(cloudTrail.send(new ListTrailsCommand({}))).resolves.toBeDefined();
    // The emulator runs in this process: moving Date moves its wall clock past the 900 seconds.
    const later = Date.now() + 901_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(later);
      await expect(cloudTrail.send(new ListTrailsCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
      const error = await stsError(sts(credentials).send(new GetCallerIdentityCommand({})));
      expect(error.name).toBe('ExpiredTokenException');
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers an action it does not implement with InvalidAction, and an unsigned request with MissingAuthenticationToken', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const unknown = await fetch(emulator.url, { method: 'POST', headers: form, body: 'Action=GetSessionToken&Version=2011-06-15' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
    const unsigned = await fetch(emulator.url, { method: 'POST', headers: form, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(unsigned.status).toBe(403);
    const xml = await unsigned.text();
    expect(xml).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
  });
});
