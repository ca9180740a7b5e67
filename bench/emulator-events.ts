import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Synthetic but realistic CloudTrail logs for the emulator benchmark: management events of several
 * services, users and Regions over a week, with a daily rhythm, a few per cent of errors, and
 * bursts of write calls (and of errors) that Insights detects. The same seed always writes the same
 * files, laid out as CloudTrail delivers them to S3 (gzip, `AWSLogs/<account>/CloudTrail/<region>/...`).
 */

export const BENCH_ACCOUNT_ID = '123456789012';
export const BENCH_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
/** The newest event is just before this time; the emulator's clock is set a little after it. */
export const BENCH_END = Date.parse('2026-06-01T00:00:00Z');
const SPAN_MS = 7 * 86_400_000;
const EVENTS_PER_FILE = 2_000;

/** [eventSource, eventName, readOnly, relative weight] */
const APIS: [string, string, boolean, number][] = [
  ['ec2.amazonaws.com', 'DescribeInstances', true, 30],
  ['ec2.amazonaws.com', 'RunInstances', false, 2],
  ['ec2.amazonaws.com', 'TerminateInstances', false, 1],
  ['ec2.amazonaws.com', 'CreateTags', false, 3],
  ['s3.amazonaws.com', 'ListBuckets', true, 10],
  ['s3.amazonaws.com', 'PutBucketPolicy', false, 1],
  ['iam.amazonaws.com', 'ListRoles', true, 8],
  ['iam.amazonaws.com', 'CreateUser', false, 1],
  ['iam.amazonaws.com', 'AttachRolePolicy', false, 1],
  ['sts.amazonaws.com', 'AssumeRole', true, 20],
  ['sts.amazonaws.com', 'GetCallerIdentity', true, 8],
  ['kms.amazonaws.com', 'Decrypt', true, 15],
  ['kms.amazonaws.com', 'GenerateDataKey', true, 6],
  ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', false, 2],
  ['ssm.amazonaws.com', 'GetParameter', true, 10],
  ['ssm.amazonaws.com', 'PutParameter', false, 2],
  ['ssm.amazonaws.com', 'DeleteParameter', false, 1],
  ['logs.amazonaws.com', 'CreateLogStream', false, 5],
  ['cloudtrail.amazonaws.com', 'LookupEvents', true, 2],
  ['secretsmanager.amazonaws.com', 'GetSecretValue', true, 4],
];
const USER_AGENTS = [
  'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances',
  'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.0',
  'aws-sdk-js/3.500.0 ua/2.0 os/linux#6.1 lang/js md/nodejs#20.11.0 api/cloudtrail#3.500.0',
  'console.amazonaws.com',
  'terraform-provider-aws/5.31.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.24.0',
  'lambda.amazonaws.com',
];
const ERRORS: [string, string][] = [
  ['AccessDenied', 'User is not authorized to perform this operation'],
  ['ThrottlingException', 'Rate exceeded'],
  ['ResourceNotFoundException', 'The specified resource does not exist.'],
];

/** mulberry32: a small deterministic generator, so every run writes the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Identity {
  userIdentity: Record<string, unknown>;
}

function identities(rand: () => number): Identity[] {
  const out: Identity[] = [];
  for (let i = 0; i < 24; i++) {
    const key = `AKIA${Math.floor(rand() * 1e15).toString(36).toUpperCase().padStart(12, 'X')}`;
    const userName = `user-${String(i).padStart(2, '0')}`;
    out.push({
      userIdentity: {
        type: 'IAMUser',
        principalId: `AIDA${Math.floor(rand() * 1e15).toString(36).toUpperCase()}`,
        arn: `arn:aws:iam::${BENCH_ACCOUNT_ID}:user/${userName}`,
        accountId: BENCH_ACCOUNT_ID,
        accessKeyId: key,
        userName,
      },
    });
  }
  for (const role of ['deploy', 'ci-runner', 'data-pipeline', 'ReadOnlyAudit', 'lambda-exec', 'admin-breakglass']) {
    for (let s = 0; s < 3; s++) {
      const session = `${role}-session-${s}`;
      out.push({
        userIdentity: {
          type: 'AssumedRole',
          principalId: `AROA${Math.floor(rand() * 1e15).toString(36).toUpperCase()}:${session}`,
          arn: `arn:aws:sts::${BENCH_ACCOUNT_ID}:assumed-role/${role}/${session}`,
          accountId: BENCH_ACCOUNT_ID,
          accessKeyId: `ASIA${Math.floor(rand() * 1e15).toString(36).toUpperCase().padStart(12, 'Y')}`,
          sessionContext: {
            sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${BENCH_ACCOUNT_ID}:role/${role}`, accountId: BENCH_ACCOUNT_ID, userName: role },
            attributes: { creationDate: '2026-05-25T00:00:00Z', mfaAuthenticated: 'false' },
          },
        },
      });
    }
  }
  return out;
}

function uuid(rand: () => number): string {
  const hex = (n: number) => Math.floor(rand() * 16 ** n).toString(16).padStart(n, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(rand() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One event in the shape CloudTrail writes (eventVersion 1.09, management event). */
function event(rand: () => number, who: Identity[], api: (typeof APIS)[number], region: string, time: number, error?: [string, string]) {
  const [eventSource, eventName, readOnly] = api;
  const identity = who[Math.floor(rand() * who.length)];
  const resourceArn = `arn:aws:${eventSource.split('.')[0]}:${region}:${BENCH_ACCOUNT_ID}:resource/r-${Math.floor(rand() * 500)}`;
  return {
    eventVersion: '1.09',
    userIdentity: identity.userIdentity,
    eventTime: iso(time),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: `198.51.100.${Math.floor(rand() * 250)}`,
    userAgent: USER_AGENTS[Math.floor(rand() * USER_AGENTS.length)],
    ...(error ? { errorCode: error[0], errorMessage: error[1] } : {}),
    requestParameters: readOnly ? { maxResults: 100 } : { resourceId: resourceArn, dryRun: false },
    responseElements: null,
    requestID: uuid(rand),
    eventID: uuid(rand),
    readOnly,
    ...(readOnly ? {} : { resources: [{ accountId: BENCH_ACCOUNT_ID, type: `AWS::${eventSource.split('.')[0].toUpperCase()}::Resource`, ARN: resourceArn }] }),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: BENCH_ACCOUNT_ID,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${eventSource.split('.')[0]}.${region}.amazonaws.com` },
  };
}

export interface GeneratedLogs {
  dir: string;
  events: number;
  files: number;
}

/**
 * Writes `count` events (deterministic for a seed) under a directory in the system's temp folder,
 * or reuses the directory when an earlier run wrote the same set.
 */
export function generateBenchLogs(count: number, seed = 20260601): GeneratedLogs {
  const dir = join(tmpdir(), `cloudtrail-emulator-bench-${seed}-${count}`);
  // Next to the directory, not in it: ingest reads every .json file of the tree.
  const marker = `${dir}.complete.json`;
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as GeneratedLogs;
  rmSync(dir, { recursive: true, force: true });
  const rand = random(seed);
  const who = identities(rand);
  const totalWeight = APIS.reduce((s, a) => s + a[3], 0);
  const pickApi = () => {
    let r = rand() * totalWeight;
    for (const api of APIS) if ((r -= api[3]) < 0) return api;
    return APIS[0];
  };
  const writes = APIS.filter((a) => !a[2]);
  let files = 0;
  let written = 0;
  for (const [r, region] of BENCH_REGIONS.entries()) {
    // The first Region gets half the traffic, the others a quarter each.
    const regionCount = r === BENCH_REGIONS.length - 1 ? count - written : Math.floor(count * (r === 0 ? 0.5 : 0.25));
    const burstEvents = Math.floor(regionCount * 0.02);
    const start = BENCH_END - SPAN_MS;
    const records: ReturnType<typeof event>[] = [];
    for (let i = 0; i < regionCount - burstEvents; i++) {
      // A daily rhythm: twice as busy in the middle of the (UTC) day as at night.
      let time: number;
      do time = start + rand() * SPAN_MS;
      while (rand() > 0.5 + 0.5 * Math.sin(((time % 86_400_000) / 86_400_000) * Math.PI));
      const error = rand() < 0.03 ? ERRORS[Math.floor(rand() * ERRORS.length)] : undefined;
      records.push(event(rand, who, pickApi(), region, Math.floor(time), error));
    }
    // Bursts: a write API called far more than usual for a few minutes, some of them failing.
    const bursts = 12;
    for (let b = 0; b < bursts; b++) {
      const api = writes[Math.floor(rand() * writes.length)];
      const at = start + SPAN_MS * (0.2 + 0.75 * rand());
      const error = b % 3 === 0 ? ERRORS[0] : undefined;
      for (let i = 0; i < Math.floor(burstEvents / bursts); i++) {
        records.push(event(rand, who, api, region, Math.floor(at + rand() * 4 * 60_000), error));
      }
    }
    written += records.length;
    // CloudTrail delivers about every five minutes a file of the events of that stretch.
    records.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
    for (let i = 0; i < records.length; i += EVENTS_PER_FILE) {
      const chunk = records.slice(i, i + EVENTS_PER_FILE);
      const first = chunk[0].eventTime;
      const day = join(dir, 'AWSLogs', BENCH_ACCOUNT_ID, 'CloudTrail', region, first.slice(0, 4), first.slice(5, 7), first.slice(8, 10));
      mkdirSync(day, { recursive: true });
      const stamp = first.replace(/[-:]/g, '').slice(0, 13);
      const name = `${BENCH_ACCOUNT_ID}_CloudTrail_${region}_${stamp}Z_${String(files).padStart(6, '0')}.json.gz`;
      writeFileSync(join(day, name), gzipSync(JSON.stringify({ Records: chunk }), { level: 1 }));
      files++;
    }
  }
  const result: GeneratedLogs = { dir, events: written, files };
  writeFileSync(marker, JSON.stringify(result));
  return result;
}
