import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, GetTrailCommand, ListTrailsCommand, TrailNotFoundException } from '@aws-sdk/client-cloudtrail';
import { testCredentials } from '../helpers/emulator.js';

/**
 * The standalone emulator (`npm run emulator -- --seed demo`) answers the clients people point at
 * it: the JS SDK, the AWS CLI and boto3 (both botocore, which sends its own X-Amz-Target prefix and
 * parses errors and timestamps its own way), and plain curl. The CLI and boto3 are Debian's
 * (`apt-get install awscli python3-boto3`; .ci/run installs them), called by absolute path so that
 * a pyenv or pip shim on PATH does not stand in for them.
 */
const AWS_CLI = '/usr/bin/aws';
const PYTHON = '/usr/bin/python3';
const CURL = '/usr/bin/curl';
const INSTALL_HINT = 'install it with `apt-get install -y awscli python3-boto3 curl` (as .ci/run does)';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The emulator's clock, so that the demo's "30 days ago" is a known instant. */
const NOW = '2026-03-01T12:00:00Z';
const trailArn = (region: string, name: string) => `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`;

/** The demo seed's trails (src/emulator/seed.ts), as ListTrails lists them from any Region. */
const DEMO_TRAILS = [
  { Name: 'data-events-s3-lambda', HomeRegion: 'us-east-1', TrailARN: trailArn('us-east-1', 'data-events-s3-lambda') },
  { Name: 'eu-audit', HomeRegion: 'eu-west-1', TrailARN: trailArn('eu-west-1', 'eu-audit') },
  { Name: 'eu-read-only', HomeRegion: 'eu-west-1', TrailARN: trailArn('eu-west-1', 'eu-read-only') },
  { Name: 'management-events', HomeRegion: 'us-east-1', TrailARN: trailArn('us-east-1', 'management-events') },
  { Name: 'sandbox', HomeRegion: 'us-east-1', TrailARN: trailArn('us-east-1', 'sandbox') },
];
/** The demo trails started logging 30 days before the emulator's now. */
const DEMO_START_LOGGING = new Date(Date.parse(NOW) - 30 * 86_400_000);

type TrailSummary = { Name?: string; HomeRegion?: string; TrailARN?: string };
const byName = (a: TrailSummary, b: TrailSummary) => (a.Name ?? '').localeCompare(b.Name ?? '');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; a non-zero exit is a result to assert on, not an exception. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr: error && code === -1 ? `${stderr}${error.message}` : stderr });
    });
  });
}

/** Fails with what to install, rather than a bare ENOENT, on a machine without the tool. */
function requireProgram(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`This test needs ${what} at ${path}: ${INSTALL_HINT}.`);
}

/**
 * An environment whose AWS settings are ours alone: dummy keys, no profile or config file of the
 * developer's, no instance metadata lookups, no pager.
 */
function awsEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
}

let emulator: ChildProcessWithoutNullStreams;
let url: string;

beforeAll(async () => {
  emulator = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--seed', 'demo', '--now', NOW], {
    cwd: REPO_ROOT,
  });
  let output = '';
  url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /CloudTrail emulator listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    emulator.stdout.on('data', collect);
    emulator.stderr.on('data', collect);
    emulator.on('exit', (code) => reject(new Error(`The emulator exited with ${code} before listening: ${output}`)));
  });
  // `--port 0` must announce the port the OS chose, not 0.
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
});

afterAll(async () => {
  if (!emulator || emulator.exitCode !== null) return;
  const exited = new Promise((resolve) => emulator.once('exit', resolve));
  emulator.kill('SIGTERM');
  await exited;
});

describe('the JS SDK with endpoint set to the standalone emulator', () => {
  const client = () => new CloudTrailClient({ region: 'eu-west-1', endpoint: url, credentials: testCredentials, maxAttempts: 1 });

  it('lists the demo trails of every Region', async () => {
    const { Trails } = await client().send(new ListTrailsCommand({}));
    expect(Trails?.slice().sort(byName)).toEqual(DEMO_TRAILS);
  });

  it('throws the SDK’s TrailNotFoundException for a trail that does not exist', async () => {
    const error = await client()
      .send(new GetTrailCommand({ Name: 'nope' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrailNotFoundException);
  });
});

describe('the AWS CLI with --endpoint-url', () => {
  beforeAll(() => requireProgram(AWS_CLI, 'the AWS CLI'));
  const aws = (region: string, ...args: string[]) =>
    run(AWS_CLI, ['cloudtrail', ...args, '--endpoint-url', url, '--region', region, '--output', 'json'], awsEnvironment());

  it('list-trails prints the demo trails as JSON', async () => {
    const result = await aws('eu-west-1', 'list-trails');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { Trails } = JSON.parse(result.stdout) as { Trails: TrailSummary[] };
    expect(Trails.sort(byName)).toEqual(DEMO_TRAILS);
  }, 60_000);

  it('get-trail of a missing trail exits non-zero and names TrailNotFoundException', async () => {
    const result = await aws('eu-west-1', 'get-trail', '--name', 'nope');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('TrailNotFoundException');
    expect(result.stdout).toBe('');
  });

  it('get-insight-selectors shows both Insights types of management-events, asked from another Region', async () => {
    const result = await aws('eu-west-1', 'get-insight-selectors', '--trail-name', 'management-events');
    expect(result.code).toBe(0);
    const selectors = JSON.parse(result.stdout) as { TrailARN: string; InsightSelectors: { InsightType: string }[] };
    // A multi-Region trail answers with its home Region's ARN. (EventCategories is newer than
    // Debian's CLI model, which drops members it does not know.)
    expect(selectors.TrailARN).toBe(trailArn('us-east-1', 'management-events'));
    expect(selectors.InsightSelectors.map((s) => s.InsightType)).toEqual(['ApiCallRateInsight', 'ApiErrorRateInsight']);
  });

  it('get-trail-status prints the epoch-seconds StartLoggingTime as an ISO 8601 time', async () => {
    const result = await aws('us-east-1', 'get-trail-status', '--name', 'management-events');
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as { IsLogging: boolean; StartLoggingTime: string };
    expect(status.IsLogging).toBe(true);
    expect(new Date(status.StartLoggingTime)).toEqual(DEMO_START_LOGGING);
  });
});

/** A boto3 session against the emulator; prints one JSON object of what each call answered. */
const BOTO3_SCRIPT = `
import json, sys
from datetime import timezone
import boto3
from botocore.config import Config

client = boto3.client('cloudtrail', endpoint_url=sys.argv[1], region_name='us-east-1',
                      config=Config(retries={'max_attempts': 1}))
out = {}
out['describeTrails'] = sorted(t['Name'] for t in client.describe_trails()['trailList'])
out['before'] = [s['InsightType'] for s in client.get_insight_selectors(TrailName='data-events-s3-lambda')['InsightSelectors']]
out['put'] = client.put_insight_selectors(TrailName='data-events-s3-lambda', InsightSelectors=[])['InsightSelectors']
try:
    client.get_insight_selectors(TrailName='data-events-s3-lambda')
    out['after'] = 'still enabled'
except client.exceptions.InsightNotEnabledException as e:
    out['after'] = e.response['Error']['Code']
out['hasInsightSelectors'] = client.get_trail(Name='data-events-s3-lambda')['Trail']['HasInsightSelectors']
try:
    client.get_trail(Name='nope')
    out['missing'] = 'found'
except client.exceptions.TrailNotFoundException as e:
    out['missing'] = {'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
started = client.get_trail_status(Name='management-events')['StartLoggingTime']
out['startLoggingTime'] = started.astimezone(timezone.utc).isoformat()
print(json.dumps(out))
`;
import { ACCOUNT } from '../helpers/trails.js';

describe('boto3 with endpoint_url', () => {
  beforeAll(async () => {
    requireProgram(PYTHON, 'Python 3');
    const probe = await run(PYTHON, ['-c', 'import boto3']);
    if (probe.code !== 0) throw new Error(`This test needs boto3 for ${PYTHON}: ${INSTALL_HINT}.\n${probe.stderr}`);
  });

  it('describes trails, turns Insights off with an empty PutInsightSelectors, and catches the modelled exceptions', async () => {
    const result = await run(PYTHON, ['-c', BOTO3_SCRIPT, url], awsEnvironment());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      // DescribeTrails lists the Region's own trails (no multi-Region trail of another Region here).
      describeTrails: ['data-events-s3-lambda', 'management-events', 'sandbox'],
      before: ['ApiCallRateInsight'],
      // AWS: an empty InsightSelectors list turns Insights off; GetInsightSelectors then throws.
      put: [],
      after: 'InsightNotEnabledException',
      hasInsightSelectors: false,
      missing: { code: 'TrailNotFoundException', status: 400 },
      startLoggingTime: DEMO_START_LOGGING.toISOString().replace('.000Z', '+00:00'),
    });
  }, 60_000);
});

describe('plain curl with the CloudTrail headers', () => {
  beforeAll(() => requireProgram(CURL, 'curl'));

  /** POSTs as the JSON 1.1 protocol asks; answers status, headers (lower-cased) and parsed body. */
  async function post(target: string) {
    const result = await run(CURL, [
      '--silent',
      '--show-error',
      '--include',
      '--request', 'POST',
      '--header', 'Content-Type: application/x-amz-json-1.1',
      '--header', `X-Amz-Target: ${target}`,
      '--data', '{}',
      `${url}/`,
    ]);
    expect(result.code).toBe(0);
    const [head = '', body = ''] = result.stdout.split('\r\n\r\n');
    const [statusLine = '', ...headerLines] = head.split('\r\n');
    const headers = new Map(headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
    }));
    return { status: Number(statusLine.split(' ')[1]), headers, json: JSON.parse(body) as Record<string, unknown> };
  }

  it('ListTrails answers the demo trails as JSON 1.1', async () => {
    const res = await post('CloudTrail_20131101.ListTrails');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/\S/);
    expect((res.json.Trails as TrailSummary[]).sort(byName)).toEqual(DEMO_TRAILS);
  });

  it('an unknown X-Amz-Target answers HTTP 400 UnknownOperationException', async () => {
    const res = await post('CloudTrail_20131101.NoSuchOperation');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(res.json.__type).toBe('UnknownOperationException');
  });
});

/**
 * boto3's STS (query protocol, XML) against the emulator's STS, then CloudTrail signed by botocore
 * with the session's credentials: the emulator verifies botocore's SigV4 signature and records the
 * write under the session, with its source identity.
 */
const BOTO3_STS_SCRIPT = `
import json, sys
import boto3
from botocore.config import Config

config = Config(retries={'max_attempts': 1})
sts = boto3.client('sts', endpoint_url=sys.argv[1], region_name='eu-west-1', config=config)
out = {'caller': sts.get_caller_identity()['Arn']}
assumed = sts.assume_role(RoleArn=sys.argv[2], RoleSessionName='boto-session', SourceIdentity='boto-user', DurationSeconds=900)
c = assumed['Credentials']
out['sourceIdentity'] = assumed['SourceIdentity']
session = dict(endpoint_url=sys.argv[1], region_name='eu-west-1', config=config,
               aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
out['sessionCaller'] = boto3.client('sts', **session).get_caller_identity()['Arn']
cloudtrail = boto3.client('cloudtrail', **session)
cloudtrail.add_tags(ResourceId=sys.argv[3], TagsList=[{'Key': 'changed-by', 'Value': 'boto-user'}])
events = cloudtrail.lookup_events(LookupAttributes=[{'AttributeKey': 'AccessKeyId', 'AttributeValue': c['AccessKeyId']}])['Events']
out['recorded'] = [(e['EventName'], e['Username'], json.loads(e['CloudTrailEvent'])['userIdentity']['sessionContext']['sourceIdentity']) for e in events]
try:
    boto3.client('cloudtrail', **{**session, 'aws_secret_access_key': 'not-the-secret'}).list_trails()
    out['wrongSecret'] = 'accepted'
except cloudtrail.exceptions.ClientError as e:
    out['wrongSecret'] = e.response['Error']['Code']
try:
    sts.assume_role(RoleArn=sys.argv[2], RoleSessionName='bad name')
    out['invalid'] = 'accepted'
except sts.exceptions.ClientError as e:
    out['invalid'] = e.response['Error']['Code']
print(json.dumps(out))
`;

describe('boto3 STS with endpoint_url', () => {
  beforeAll(() => requireProgram(PYTHON, 'Python 3'));

  it('assumes a role with SourceIdentity and makes a recorded, signature-checked CloudTrail write with the session', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/interop-operator`;
    const result = await run(PYTHON, ['-c', BOTO3_STS_SCRIPT, url, role, trailArn('eu-west-1', 'eu-audit')], awsEnvironment());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      caller: `arn:aws:iam::${ACCOUNT}:user/emulator-user`,
      sourceIdentity: 'boto-user',
      sessionCaller: `arn:aws:sts::${ACCOUNT}:assumed-role/interop-operator/boto-session`,
      recorded: [['AddTags', 'boto-session', 'boto-user']],
      wrongSecret: 'InvalidSignatureException',
      invalid: 'ValidationError',
    });
  }, 60_000);
});
