import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { createWireServer } from './http.js';
import { EmulatorStore } from './store.js';
import { FaultInjector, type FaultRules } from './faults.js';
import { fixedClock, systemClock, type Clock } from './clock.js';
import { operations } from './operations/index.js';
import { ingestLogBody, ingestLogFiles, type IngestOptions, type IngestReport } from './ingest/index.js';
import { seed as seedEmulator, type SeedName } from './seed.js';
import { RoleSessions } from './sts/index.js';

export interface EmulatorOptions {
  /** 0 (the default) picks a free ephemeral port. */
  port?: number;
  host?: string;
  accountId?: string;
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
}

export interface RunningEmulator {
  /** Base URL to give the SDK as `endpoint`. */
  url: string;
  port: number;
  accountId: string;
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

type AdminResult = { status: number; body: unknown };

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const store = new EmulatorStore();
  const faults = new FaultInjector(options.faults);
  const clock = options.now ? fixedClock(options.now) : systemClock;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;

  const sessions = new RoleSessions();
  const target = { store, accountId, clock };
  /**
   * POST /_emulator/ingest: a JSON body `{"paths": [...], "replayRecent"?: true | {"offsetSeconds": n}}`
   * ingests files or directories on the emulator's machine; any other body is ingested as the text
   * of one log (`{"Records":[...]}` or an array of events; `?replayRecent=true` to replay it).
   * Answers the IngestReport; malformed input is listed in its `problems`, not refused.
   */
  const adminIngest = async (req: IncomingMessage, body: string): Promise<AdminResult> => {
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch {
      request = undefined;
    }
    if (request !== null && typeof request === 'object' && !Array.isArray(request) && 'paths' in request) {
      const { paths, replayRecent } = request as { paths: unknown; replayRecent?: IngestOptions['replayRecent'] };
      if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) {
        return { status: 400, body: { message: 'paths must be a list of file or directory paths.' } };
      }
      return { status: 200, body: await ingestLogFiles(target, paths as string[], { replayRecent }) };
    }
    const replay = new URL(req.url ?? '/', 'http://emulator').searchParams.get('replayRecent');
    const options: IngestOptions = replay === null || replay === 'false' ? {} : { replayRecent: true };
    return { status: 200, body: ingestLogBody(target, body, 'request body', options) };
  };

  const admin = async (req: IncomingMessage, body: string): Promise<AdminResult> => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const parse = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
    try {
      if (path === '/_emulator/health') return { status: 200, body: { ok: true, accountId } };
      if (path === '/_emulator/faults') {
        if (req.method === 'PUT' || req.method === 'POST') faults.set(parse() as FaultRules);
        else if (req.method === 'DELETE') faults.set({});
        return { status: 200, body: faults.current };
      }
      if (path === '/_emulator/ingest' && req.method === 'POST') return await adminIngest(req, body);
      if (path === '/_emulator/reset' && req.method === 'POST') {
        store.reset();
        faults.set({});
        return { status: 200, body: { ok: true } };
      }
    } catch (err) {
      return { status: 400, body: { message: err instanceof Error ? err.message : String(err) } };
    }
    return { status: 404, body: { message: `No admin route ${req.method} ${path}.` } };
  };

  if (options.seed) seedEmulator(options.seed, target);

  const ingestReport = options.logs?.length
    ? await ingestLogFiles(target, options.logs, { replayRecent: options.replayRecent })
    : undefined;

  const server = createWireServer({
    store,
    operations,
    faults,
    clock,
    accountId,
    defaultRegion: options.defaultRegion ?? DEFAULT_REGION,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    sessions,
    admin,
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
