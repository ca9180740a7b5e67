import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { createWireServer } from './http.js';
import { EmulatorStore } from './store.js';
import { FaultInjector, type FaultRules } from './faults.js';
import { fixedClock, systemClock, type Clock } from './clock.js';
import { operations } from './operations/index.js';

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
}

export interface RunningEmulator {
  /** Base URL to give the SDK as `endpoint`. */
  url: string;
  port: number;
  accountId: string;
  store: EmulatorStore;
  faults: FaultInjector;
  clock: Clock;
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

  const server = createWireServer({
    store,
    operations,
    faults,
    clock,
    accountId,
    defaultRegion: options.defaultRegion ?? DEFAULT_REGION,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
