import type { IncomingMessage } from 'node:http';
import type { FaultInjector, FaultRules } from '../faults.js';
import { ingestLogBody, ingestLogFiles, type IngestOptions, type IngestTarget } from '../ingest/index.js';
import { confineIngestPath, IngestPathError } from './ingest-paths.js';

/**
 * The admin API under `/_emulator/` (health, faults, ingest, reset), outside the CloudTrail
 * protocol. It is off unless the emulator is started with it (`--admin`, `admin: true`,
 * `EMULATOR_ADMIN=true`), and when on it answers only connections from a loopback address: it can
 * reset state and read files, which no other machine should do. Otherwise its paths answer as any
 * unknown path does (see src/emulator/http.ts).
 */

export interface AdminResult {
  status: number;
  body: unknown;
}

export type AdminHandler = (req: IncomingMessage, body: string) => Promise<AdminResult>;

export interface AdminConfig extends IngestTarget {
  faults: FaultInjector;
  /** Real paths of the directories `POST /_emulator/ingest {"paths"}` may read. */
  ingestDirectories: readonly string[];
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`), as Node reports them. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

function refusal(status: number, code: string, message: string, extra: Record<string, unknown> = {}): AdminResult {
  return { status, body: { code, message, ...extra } };
}

export function createAdmin(config: AdminConfig): AdminHandler {
  const { store, accountId, faults } = config;

  /**
   * POST /_emulator/ingest: a JSON body `{"paths": [...], "replayRecent"?: true | {"offsetSeconds": n}}`
   * ingests files or directories inside the ingest directories; any other body is ingested as the
   * text of one log (`{"Records":[...]}` or an array of events; `?replayRecent=true` to replay it).
   * Answers the IngestReport; malformed logs are listed in its `problems`, not refused. A path ingest
   * may not read refuses the whole request before anything is ingested.
   */
  const ingest = async (req: IncomingMessage, body: string): Promise<AdminResult> => {
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch {
      request = undefined;
    }
    if (request !== null && typeof request === 'object' && !Array.isArray(request) && 'paths' in request) {
      const { paths, replayRecent } = request as { paths: unknown; replayRecent?: IngestOptions['replayRecent'] };
      if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) {
        return refusal(400, 'InvalidRequest', 'paths must be a list of file or directory paths.');
      }
      const confined: string[] = [];
      try {
        for (const path of paths as string[]) confined.push(await confineIngestPath(path, config.ingestDirectories));
      } catch (err) {
        if (err instanceof IngestPathError) return refusal(err.status, err.code, err.message, { path: err.path });
        throw err;
      }
      return { status: 200, body: await ingestLogFiles(config, confined, { replayRecent }) };
    }
    const replay = new URL(req.url ?? '/', 'http://emulator').searchParams.get('replayRecent');
    const options: IngestOptions = replay === null || replay === 'false' ? {} : { replayRecent: true };
    return { status: 200, body: ingestLogBody(config, body, 'request body', options) };
  };

  return async (req, body) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const parse = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
    try {
      if (path === '/_emulator/health') return { status: 200, body: { ok: true, accountId } };
      if (path === '/_emulator/faults') {
        if (req.method === 'PUT' || req.method === 'POST') faults.set(parse() as FaultRules);
        else if (req.method === 'DELETE') faults.set({});
        return { status: 200, body: faults.current };
      }
      if (path === '/_emulator/ingest' && req.method === 'POST') return await ingest(req, body);
      if (path === '/_emulator/reset' && req.method === 'POST') {
        store.reset();
        faults.set({});
        return { status: 200, body: { ok: true } };
      }
    } catch (err) {
      return refusal(400, 'InvalidRequest', err instanceof Error ? err.message : String(err));
    }
    return refusal(404, 'NoSuchRoute', `No admin route ${req.method} ${path}.`);
  };
}
