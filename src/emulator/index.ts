import type { AddressInfo } from 'node:net';
import { createWireServer } from './http.js';
import { EmulatorStore } from './store.js';
import { FaultInjector, type FaultRules } from './faults.js';
import { fixedClock, systemClock, type Clock } from './clock.js';
import { operations } from './operations/index.js';
import { ingestLogFiles, SAMPLE_LOGS_DIR, type IngestOptions, type IngestReport } from './ingest/index.js';
import { createAdmin } from './admin/index.js';
import { resolveIngestDirectories } from './admin/ingest-paths.js';
import { DEFAULT_MAX_REQUEST_BYTES } from './limits.js';
import { seed as seedEmulator, type SeedName } from './seed.js';
import { RoleSessions } from './sts/index.js';
import type { AccountsConfig } from './organization/accounts.js';
import { AccountDirectory } from './organization/directory.js';
import { demoAccounts, seedDemoActivity } from './organization/demo.js';

export interface EmulatorOptions {
  /** 0 (the default) picks a free ephemeral port. */
  port?: number;
  host?: string;
  /**
   * The default account: of unsigned requests, of long-term keys no account lists, of logged events
   * whose account the emulator does not hold. @default the organization's management account, or
   * 123456789012
   */
  accountId?: string;
  /**
   * The accounts the emulator holds (keys, roles, organization); see organization/accounts.ts.
   * Absent: one standalone account, or the demo organization with `seed: 'demo'`.
   */
  organization?: AccountsConfig;
  /** Region for requests that carry no SigV4 credential scope (plain curl). */
  defaultRegion?: string;
  /** Page size of operations whose page size AWS chooses (ListTrails, ListEventDataStores...). */
  pageSize?: number;
  /** Fix the emulator's clock, so that historical logs fall inside retention windows. */
  now?: Date;
  faults?: FaultRules;
  /** CloudTrail log files or directory trees to ingest at start (see `ingestLogFiles`). */
  logs?: string[];
  /** Shift the events ingested at start so that the newest lands just before now. */
  replayRecent?: IngestOptions['replayRecent'];
  /** Fill the fresh emulator with named demo data (`'demo'`: trails, selectors, Insights, event data stores). */
  seed?: SeedName;
  /**
   * Serve the admin API under `/_emulator/` (health, faults, ingest, reset) to loopback clients.
   * @default false: its paths answer as unknown paths do.
   */
  admin?: boolean;
  /**
   * Directories `POST /_emulator/ingest {"paths"}` may read, besides the bundled sample logs and the
   * directories in `logs`.
   */
  ingestDirs?: string[];
  /** Largest CloudTrail or STS request body; larger ones are answered 413 unread. @default 4 MiB */
  maxRequestBytes?: number;
  /**
   * Keep at most this many events (per account; unbounded by default). Ingest stops when the store
   * is full and its report says so (`limit`); memory is about 1.3 KB per event of a typical log.
   */
  maxEvents?: number;
}

export interface RunningEmulator {
  /** Base URL to give the SDK as `endpoint`. */
  url: string;
  port: number;
  accountId: string;
  /** The accounts the emulator holds and their organization. */
  directory: AccountDirectory;
  store: EmulatorStore;
  faults: FaultInjector;
  clock: Clock;
  /** What ingesting `options.logs` at start did (absent without logs). */
  ingestReport?: IngestReport;
  close(): Promise<void>;
}

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_PAGE_SIZE = 50;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const accountsConfig =
    options.organization ??
    (options.seed === 'demo' ? demoAccounts(options.accountId ?? DEFAULT_ACCOUNT_ID) : undefined);
  const accountId = options.accountId ?? accountsConfig?.organization?.managementAccountId ?? DEFAULT_ACCOUNT_ID;
  const directory = new AccountDirectory(accountId, accountsConfig);
  const store = new EmulatorStore({ maxEvents: options.maxEvents, directory });
  const faults = new FaultInjector(options.faults);
  const clock = options.now ? fixedClock(options.now) : systemClock;
  const startedAt = clock.now();

  const sessions = new RoleSessions();
  const target = { store, accountId, clock };
  if (options.seed) {
    seedEmulator(options.seed, { ...target, organization: directory.organizationOf(accountId) });
    if (options.seed === 'demo') seedDemoActivity(target, directory.accounts);
  }
  const ingestDirectories = await resolveIngestDirectories([SAMPLE_LOGS_DIR, ...(options.ingestDirs ?? []), ...(options.logs ?? [])]);

  const ingestReport = options.logs?.length
    ? await ingestLogFiles(target, options.logs, { replayRecent: options.replayRecent })
    : undefined;

  const server = createWireServer({
    store,
    operations,
    faults,
    clock,
    directory,
    joinedAt: startedAt,
    defaultRegion: options.defaultRegion ?? DEFAULT_REGION,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    sessions,
    admin: options.admin ? createAdmin({ ...target, faults, ingestDirectories }) : undefined,
    maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    accountId,
    directory,
    store,
    faults,
    clock,
    ingestReport,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
