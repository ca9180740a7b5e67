import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyEntryJson, generateApiKey } from '../../src/auth/api-keys.js';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The production posture: authentication is required against real AWS and in production, unless AUTH=none says otherwise. */

const REQUIRED = /^authentication is required \((NODE_ENV=production|the backend is real AWS|AUTH=required)\)/;
const dir = mkdtempSync(join(tmpdir(), 'gateway-auth-config-'));
const keysFile = join(dir, 'api-keys.json');
writeFileSync(keysFile, JSON.stringify([apiKeyEntryJson(generateApiKey('dashboard', ['cloudtrail:read']).entry)]));
const jwt = { AUTH_JWT_JWKS_URL: 'https://login.example.com/.well-known/jwks.json', AUTH_JWT_ISSUER: 'https://login.example.com/', AUTH_JWT_AUDIENCE: 'gateway' };

describe('loadConfig: authentication', () => {
  it('on the embedded emulator the gateway is open: every caller holds every scope', () => {
    expect(loadConfig({}).auth).toEqual({
      mode: 'open',
      openBecause: 'local-emulator',
      settings: { anonymousScopes: ['cloudtrail:read', 'insights:read', 'selectors:write'] },
    });
    // A standalone emulator or LocalStack by endpoint is not real AWS either.
    expect(loadConfig({ CLOUDTRAIL_ENDPOINT: 'http://127.0.0.1:4599' }).auth.mode).toBe('open');
  });

  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['CLOUDTRAIL_BACKEND=aws', { CLOUDTRAIL_BACKEND: 'aws' }],
    ['an amazonaws.com endpoint', { CLOUDTRAIL_ENDPOINT: 'https://cloudtrail.eu-west-1.amazonaws.com' }],
    ['a VPC endpoint', { CLOUDTRAIL_ENDPOINT: 'https://vpce-0a1b-c2d3.cloudtrail.us-east-1.vpce.amazonaws.com' }],
    ['AUTH=required', { AUTH: 'required' }],
  ])('with %s and no authentication configured, refuses to start', (_case, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(REQUIRED);
  });

  it('AUTH=none opens a production or AWS gateway explicitly', () => {
    expect(loadConfig({ NODE_ENV: 'production', CLOUDTRAIL_BACKEND: 'aws', AUTH: 'none' }).auth).toMatchObject({
      mode: 'open',
      openBecause: 'auth-none',
    });
  });

  it('with a JWKS URL, issuer and audience, requires credentials: anonymous callers hold no scope', () => {
    const { auth } = loadConfig({ CLOUDTRAIL_BACKEND: 'aws', ...jwt, AUTH_JWT_CLOCK_SKEW_SECONDS: '30' });
    expect(auth.mode).toBe('required');
    expect(auth.settings.anonymousScopes).toEqual([]);
    expect(auth.settings.jwt).toMatchObject({
      jwksUrl: new URL(jwt.AUTH_JWT_JWKS_URL),
      issuer: 'https://login.example.com/',
      audience: ['gateway'],
      clockSkewSeconds: 30,
      scopesClaim: 'scope',
    });
    expect(loadConfig({ ...jwt }).auth.settings.jwt?.clockSkewSeconds).toBe(60);
  });

  it('with an API key file, requires credentials and loads the keys', () => {
    const { auth } = loadConfig({ NODE_ENV: 'production', AUTH_API_KEYS_FILE: keysFile });
    expect(auth.mode).toBe('required');
    expect(auth.settings.apiKeys?.map((k) => [k.name, k.scopes])).toEqual([['dashboard', ['cloudtrail:read']]]);
  });

  it.each([
    ['a JWKS over plain http elsewhere than loopback', { ...jwt, AUTH_JWT_JWKS_URL: 'http://login.example.com/jwks' }, /AUTH_JWT_JWKS_URL must be an https URL/],
    ['a JWKS without an audience', { ...jwt, AUTH_JWT_AUDIENCE: '' }, /AUTH_JWT_AUDIENCE must be set/],
    ['a JWKS without an issuer', { ...jwt, AUTH_JWT_ISSUER: '' }, /AUTH_JWT_ISSUER must be set/],
    ['an issuer without keys', { AUTH_JWT_ISSUER: 'https://x/' }, /neither AUTH_JWT_JWKS_URL nor AUTH_JWT_KEY_FILE/],
    ['an HMAC algorithm', { ...jwt, AUTH_JWT_ALGORITHMS: 'HS256' }, /asymmetric algorithms/],
    ['a key file that does not exist', { AUTH_JWT_KEY_FILE: join(dir, 'missing.pem'), AUTH_JWT_ISSUER: 'i', AUTH_JWT_AUDIENCE: 'a' }, /AUTH_JWT_KEY_FILE: cannot read/],
    ['an API key file that does not exist', { AUTH_API_KEYS_FILE: join(dir, 'missing.json') }, /AUTH_API_KEYS_FILE: cannot read/],
    ['AUTH=none with keys configured', { AUTH: 'none', AUTH_API_KEYS_FILE: keysFile }, /AUTH=none contradicts/],
    ['an unknown AUTH', { AUTH: 'off' }, /AUTH must be "none" or "required"/],
  ])('refuses %s', (_case, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('loadConfig: the mutation audit log', () => {
  it('goes to stdout unless AUDIT_LOG names a file, rotated at 10 MiB with 5 files kept by default', () => {
    expect(loadConfig({}).audit).toEqual({ sink: 'stdout' });
    expect(loadConfig({ AUDIT_LOG: '/var/log/gateway/audit.log' }).audit).toEqual({
      sink: 'file',
      path: '/var/log/gateway/audit.log',
      maxBytes: 10 * 1024 * 1024,
      maxFiles: 5,
    });
    expect(loadConfig({ AUDIT_LOG: '/a.log', AUDIT_LOG_MAX_BYTES: '4096', AUDIT_LOG_MAX_FILES: '2' }).audit).toMatchObject({ maxBytes: 4096, maxFiles: 2 });
  });

  it('refuses a relative path and a rotation of no files', () => {
    expect(() => loadConfig({ AUDIT_LOG: 'audit.log' })).toThrow(/AUDIT_LOG must be stdout or an absolute file path/);
    expect(() => loadConfig({ AUDIT_LOG: '/a.log', AUDIT_LOG_MAX_FILES: '0' })).toThrow(/AUDIT_LOG_MAX_FILES must be an integer from 1/);
  });
});

describe('loadConfig: the mutation role', () => {
  it('takes MUTATION_ROLE_ARN, an external id, a session length (900 s by default) and an STS endpoint', () => {
    expect(loadConfig({}).mutationRole).toBeUndefined();
    expect(loadConfig({ MUTATION_ROLE_ARN: 'arn:aws:iam::123456789012:role/gateway-mutations' }).mutationRole).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/gateway-mutations',
      durationSeconds: 900,
    });
    expect(
      loadConfig({
        MUTATION_ROLE_ARN: 'arn:aws:iam::123456789012:role/ops/gateway-mutations',
        MUTATION_ROLE_EXTERNAL_ID: 'gateway-prod',
        MUTATION_ROLE_SESSION_SECONDS: '3600',
        STS_ENDPOINT: 'https://sts.eu-west-1.amazonaws.com',
      }).mutationRole,
    ).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/ops/gateway-mutations',
      externalId: 'gateway-prod',
      durationSeconds: 3600,
      stsEndpoint: 'https://sts.eu-west-1.amazonaws.com',
    });
  });

  it.each([
    ['a user ARN', { MUTATION_ROLE_ARN: 'arn:aws:iam::123456789012:user/alice' }, /MUTATION_ROLE_ARN must be an IAM role ARN/],
    ['a session under 900 s', { MUTATION_ROLE_ARN: 'arn:aws:iam::123456789012:role/r1', MUTATION_ROLE_SESSION_SECONDS: '600' }, /MUTATION_ROLE_SESSION_SECONDS must be an integer from 900 to 43200/],
    ['an external id with spaces', { MUTATION_ROLE_ARN: 'arn:aws:iam::123456789012:role/r1', MUTATION_ROLE_EXTERNAL_ID: 'a b' }, /MUTATION_ROLE_EXTERNAL_ID must be/],
    ['an external id without a role', { MUTATION_ROLE_EXTERNAL_ID: 'x1' }, /without MUTATION_ROLE_ARN/],
  ])('refuses %s', (_case, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; url?: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', EMULATOR_SEED_DEMO: 'false', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // Started: stop it, the start-up lines are what is under test.
    if (stdout.includes('GraphQL gateway on')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm start (src/main.ts): authentication at start-up', () => {
  it('in production without authentication exits 1 and says how to configure it', async () => {
    const { code, stdout, stderr } = await run({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Configuration error: authentication is required \(NODE_ENV=production\): set AUTH_JWT_JWKS_URL/);
    expect(stdout).not.toContain('GraphQL gateway on');
  }, 20_000);

  it('stops with exit code 1 when AUDIT_LOG cannot be opened', async () => {
    writeFileSync(join(dir, 'regular-file'), '');
    const { code, stderr } = await run({ AUDIT_LOG: join(dir, 'regular-file', 'audit.log') });
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot open AUDIT_LOG ${join(dir, 'regular-file', 'audit.log')}: ENOTDIR`);
  }, 20_000);

  it('on the embedded emulator says it is open; with AUTH=none in production it warns', async () => {
    const open = await run({});
    expect(open.stdout).toContain('Authentication: open (local emulator): no credentials needed, every caller holds every scope');
    expect(open.stderr).not.toContain('WARNING');
    expect(open.stdout).toContain('Mutation audit log: stdout');
    const none = await run({ NODE_ENV: 'production', AUTH: 'none' });
    expect(none.stdout).toContain('Authentication: open (AUTH=none)');
    expect(none.stderr).toContain('WARNING: AUTH=none: anyone who can reach this gateway can read CloudTrail and change event and Insights selectors');
  }, 30_000);
});
