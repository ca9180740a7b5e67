import { parseArgs } from 'node:util';
import { DEFAULT_ACCOUNT_ID, DEFAULT_PAGE_SIZE, DEFAULT_REGION, startEmulator } from './index.js';
import { DEFAULT_REPLAY_OFFSET_SECONDS, SAMPLE_LOGS_DIR } from './ingest/index.js';
import { SEED_NAMES, type SeedName } from './seed.js';
import { AccountsConfigError, readAccountsConfigFile, type AccountsConfig } from './organization/accounts.js';

/** `npm run emulator -- --port 4599`: the emulator on its own, for the AWS CLI, boto3 or the SDK. */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '4599' },
    host: { type: 'string', default: '127.0.0.1' },
    'account-id': { type: 'string' },
    region: { type: 'string', default: DEFAULT_REGION },
    'page-size': { type: 'string', default: String(DEFAULT_PAGE_SIZE) },
    now: { type: 'string' },
    logs: { type: 'string', multiple: true },
    sample: { type: 'boolean', default: false },
    'replay-recent': { type: 'boolean', default: false },
    'replay-offset': { type: 'string', default: String(DEFAULT_REPLAY_OFFSET_SECONDS) },
    seed: { type: 'string' },
    admin: { type: 'boolean', default: false },
    'ingest-dir': { type: 'string', multiple: true },
    'max-events': { type: 'string' },
    organization: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run emulator -- [--port 4599] [--host 127.0.0.1] [--account-id ${DEFAULT_ACCOUNT_ID}]
       [--region ${DEFAULT_REGION}] [--page-size ${DEFAULT_PAGE_SIZE}] [--now <ISO time>]
       [--logs <file or directory>...] [--sample] [--replay-recent [--replay-offset ${DEFAULT_REPLAY_OFFSET_SECONDS}]]
       [--seed demo] [--admin [--ingest-dir <directory>...]] [--max-events <n>] [--organization <file.json>]

  --logs           CloudTrail log files (.json, .json.gz) or directory trees (AWSLogs/...) to ingest
  --sample         ingest the bundled sample logs (fixtures/invictus-ir_aws_dataset)
  --replay-recent  shift the ingested events so that the newest lands --replay-offset seconds before now
  --seed demo      start with demo trails, selectors, Insights and event data stores
  --admin          serve the admin API (/_emulator/health, faults, ingest, reset) to loopback clients
  --ingest-dir     a directory POST /_emulator/ingest {"paths": [...]} may read (besides the sample
                   logs and the --logs directories)
  --max-events     keep at most this many events (unbounded by default; about 1.3 KB of memory each):
                   ingest stops there and says so
  --organization   the accounts to hold (access keys, roles, organization) as JSON; see the README
                   (--seed demo without it holds the demo organization)`);
  process.exit(0);
}

function fail(message: string): never {
  console.error(`emulator: ${message}`);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got ${values.port}`);
const pageSize = Number(values['page-size']);
if (!Number.isInteger(pageSize) || pageSize < 1) fail(`--page-size must be a positive integer, got ${values['page-size']}`);
const accountId = values['account-id'];
if (accountId !== undefined && !/^\d{12}$/.test(accountId)) fail(`--account-id must be 12 digits, got ${accountId}`);
let now: Date | undefined;
if (values.now !== undefined) {
  now = new Date(values.now);
  if (Number.isNaN(now.getTime())) fail(`--now must be an ISO 8601 time, got ${values.now}`);
}

const logs = [...(values.logs ?? []), ...positionals, ...(values.sample ? [SAMPLE_LOGS_DIR] : [])];
const replayOffset = Number(values['replay-offset']);
if (!Number.isFinite(replayOffset) || replayOffset < 0) fail(`--replay-offset must be a number of seconds, got ${values['replay-offset']}`);

let maxEvents: number | undefined;
if (values['max-events'] !== undefined) {
  maxEvents = Number(values['max-events']);
  if (!Number.isInteger(maxEvents) || maxEvents < 1) fail(`--max-events must be a positive integer, got ${values['max-events']}`);
}

const seed = values.seed as SeedName | undefined;
if (seed !== undefined && !SEED_NAMES.includes(seed)) fail(`--seed must be one of ${SEED_NAMES.join(', ')}, got ${values.seed}`);

let organization: AccountsConfig | undefined;
if (values.organization !== undefined) {
  try {
    organization = await readAccountsConfigFile(values.organization);
  } catch (err) {
    if (err instanceof AccountsConfigError) fail(`--organization ${err.message}`);
    throw err;
  }
  if (accountId !== undefined && !organization.accounts.some((a) => a.id === accountId)) {
    fail(`--account-id ${accountId} is not among the accounts of --organization`);
  }
}

const emulator = await startEmulator({
  port,
  host: values.host,
  accountId,
  defaultRegion: values.region,
  pageSize,
  now,
  logs,
  replayRecent: values['replay-recent'] ? { offsetSeconds: replayOffset } : undefined,
  seed,
  admin: values.admin,
  ingestDirs: values['ingest-dir'],
  maxEvents,
  organization,
});
const report = emulator.ingestReport;
if (report) {
  for (const p of report.problems) console.error(`emulator: skipped ${p.source}${p.position ? ` (${p.position})` : ''}: ${p.message}`);
  const shifted = report.shiftedBySeconds !== undefined ? `, shifted by ${report.shiftedBySeconds} s` : '';
  console.log(`Ingested ${report.added} events from ${report.files} files (${report.duplicates} duplicates, ${report.problems.length} problems${shifted})`);
  if (report.limit) console.error(`emulator: ingest stopped: ${report.limit.message}`);
}
const held = emulator.directory.accounts.length;
const accounts = held > 1 ? `${held} accounts, default ${emulator.accountId}` : `account ${emulator.accountId}`;
console.log(`CloudTrail emulator listening on ${emulator.url} (${accounts}${values.admin ? ', admin API on for loopback clients' : ''})`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
