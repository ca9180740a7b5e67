import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { CloudTrailError } from './errors.js';
import type { Clock } from './clock.js';
import type { EmulatorStore } from './store.js';
import type { FaultInjector } from './faults.js';
import type { OperationTable } from './operations/types.js';
import { isCloudTrailWrite, recordApiCall } from './event-history.js';
import { answerSts, isStsRequest, type RoleSessions } from './sts/index.js';
import { stsErrorXml } from './sts/xml.js';
import { isLoopbackAddress, type AdminHandler } from './admin/index.js';
import { MAX_ADMIN_BODY_BYTES } from './limits.js';
import type { CallerIdentity } from './sts/identity.js';
import { toWire } from './wire.js';
import type { AccountDirectory } from './organization/directory.js';
import { organizationsOperation, organizationsOperations, OrganizationsError } from './organization/api.js';
import { ACCOUNT_API_ERROR_STATUS, accountApiOperation, AccountApiError } from './organization/account-api.js';

/**
 * X-Amz-Target is `<prefix>.<Operation>`. The JS SDK sends the short prefix; botocore (the AWS CLI,
 * boto3) sends its service model's targetPrefix, the Smithy-qualified long form. CloudTrail
 * accepts both.
 */
const TARGET_PREFIXES = ['CloudTrail_20131101.', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.'];

/** The operation an X-Amz-Target names, or '' when it names none of CloudTrail's. */
export function operationFromTarget(target: string): string {
  const prefix = TARGET_PREFIXES.find((p) => target.startsWith(p));
  return prefix ? target.slice(prefix.length) : '';
}

export interface WireConfig {
  store: EmulatorStore;
  operations: OperationTable;
  faults: FaultInjector;
  clock: Clock;
  /** The accounts the emulator holds: each request acts in the account of its credentials. */
  directory: AccountDirectory;
  /** When the organization's accounts joined it (Organizations' JoinedTimestamp). */
  joinedAt: Date;
  defaultRegion: string;
  pageSize: number;
  /** Role sessions issued by the emulator's STS; a request signed with one acts as that session. */
  sessions: RoleSessions;
  /** Routes under /_emulator/ (admin endpoints), outside the CloudTrail protocol; absent when the admin API is off. */
  admin?: AdminHandler;
  /** Largest CloudTrail or STS request body read. */
  maxRequestBytes: number;
}

/** Region from the SigV4 credential scope: `Credential=AKID/20260101/us-east-1/cloudtrail/aws4_request`. */
export function regionFromAuthorization(header: string | undefined): string | undefined {
  const match = header?.match(/Credential=[^/]+\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/);
  return match?.[1];
}

type BodyRead = { ok: true; bytes: Buffer } | { ok: false; bytes: number };

/**
 * Reads a request body of at most `limit` bytes. A larger declared Content-Length is refused
 * before reading anything; a chunked (or lying) body is no longer read once it passes the limit,
 * so memory stays bounded whatever a client sends.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, bytes: declared });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve({ ok: false, bytes: size });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ ok: true, bytes: Buffer.concat(chunks) }));
    req.on('error', reject);
  });
}

/**
 * 413 in the protocol the request spoke, then the connection is closed (the rest of the body is
 * never read). CloudTrail documents no error for an oversized request; the closest documented
 * shapes are the JSON 1.1 error `{"__type": "ValidationException", "message"}` (AWS's common error
 * for "the input fails to satisfy the constraints"), and STS's common `ValidationError`.
 */
function sendTooLarge(res: ServerResponse, requestId: string, limit: number, protocol: 'cloudtrail' | 'sts' | 'admin'): void {
  const message = `The request body is larger than the ${limit} bytes the emulator accepts.`;
  res.setHeader('Connection', 'close');
  if (protocol === 'sts') {
    const xml = stsErrorXml('ValidationError', message, requestId);
    res.writeHead(413, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
    res.end(xml);
  } else if (protocol === 'admin') {
    send(res, 413, { code: 'RequestTooLarge', message }, requestId);
  } else {
    send(res, 413, { __type: 'ValidationException', message }, requestId, 'ValidationException');
  }
}

function send(res: ServerResponse, status: number, body: unknown, requestId: string, errorType?: string): void {
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': requestId,
  };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createWireServer(config: WireConfig): Server {
  return createServer((req, res) => {
    void handle(config, req, res).catch((err: unknown) => {
      const requestId = randomUUID();
      send(res, 500, { __type: 'InternalFailure', message: String(err) }, requestId, 'InternalFailure');
    });
  });
}

async function handle(config: WireConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://emulator');
  // The admin API answers loopback clients only, when it is on; otherwise its paths are unknown paths.
  const admin = url.pathname.startsWith('/_emulator/') && isLoopbackAddress(req.socket.remoteAddress) ? config.admin : undefined;
  const limit = admin ? MAX_ADMIN_BODY_BYTES : config.maxRequestBytes;
  const read = await readBody(req, limit);
  if (!read.ok) {
    sendTooLarge(res, requestId, limit, admin ? 'admin' : isStsRequest(req) ? 'sts' : 'cloudtrail');
    return;
  }
  const body = read.bytes.toString('utf8');

  if (admin) {
    const result = await admin(req, body);
    send(res, result.status, result.body, requestId);
    return;
  }

  const region = regionFromAuthorization(req.headers.authorization) ?? config.defaultRegion;
  if (req.method === 'POST' && url.pathname === '/' && isStsRequest(req)) {
    const answer = answerSts(config, req, read.bytes, requestId, region);
    res.writeHead(answer.status, {
      'Content-Type': 'text/xml',
      'Content-Length': Buffer.byteLength(answer.xml),
      'x-amzn-RequestId': requestId,
    });
    res.end(answer.xml);
    return;
  }

  const accountOperation = accountApiOperation(req.method, url.pathname);
  if (accountOperation) {
    answerAccountApi(config, req, read.bytes, accountOperation, requestId, res);
    return;
  }

  if (req.method !== 'POST' || url.pathname !== '/') {
    send(res, 404, { __type: 'UnknownOperationException', message: 'CloudTrail answers POST / only.' }, requestId, 'UnknownOperationException');
    return;
  }

  const target = String(req.headers['x-amz-target'] ?? '');
  const organizationsTarget = organizationsOperation(target);
  if (organizationsTarget !== undefined) {
    answerOrganizations(config, req, read.bytes, organizationsTarget, requestId, res);
    return;
  }
  const operation = operationFromTarget(target);
  const handler = Object.hasOwn(config.operations, operation) ? config.operations[operation] : undefined;
  let caller: CallerIdentity | undefined;
  let input: Record<string, unknown> = {};
  try {
    if (!handler) {
      throw new CloudTrailError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}.`);
    }
    const resolved = callerOf(config, req, read.bytes);
    input = jsonObjectOf(body);
    caller = resolved;
    const latency = config.faults.latencyFor(operation);
    if (latency > 0) await sleep(latency);
    config.faults.check(operation, Date.now());
    const result = handler(input, {
      // AWS: a call acts in the account of its credentials (a role session: its role's account).
      store: config.store.account(caller.accountId),
      accountId: caller.accountId,
      region,
      clock: config.clock,
      pageSize: config.pageSize,
      organization: config.directory.organizationOf(caller.accountId),
    });
    const output = result ?? {};
    if (isCloudTrailWrite(operation)) recordCloudTrailCall(config, req, { operation, region, caller, input, requestId, output });
    send(res, 200, toWire(output), requestId);
  } catch (err) {
    if (err instanceof CloudTrailError) {
      // AWS records refused writes too, with errorCode and errorMessage.
      if (caller && isCloudTrailWrite(operation)) {
        recordCloudTrailCall(config, req, { operation, region, caller, input, requestId, error: { code: err.type, message: err.message } });
      }
      send(res, err.statusCode, { __type: err.type, message: err.message }, requestId, err.type);
      return;
    }
    throw err;
  }
}

/** A JSON 1.1 request body: a JSON object (an empty body reads as `{}`). */
function jsonObjectOf(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new CloudTrailError('SerializationException', 'The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CloudTrailError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Who signed a JSON 1.1 request, or the error CloudTrail (and Organizations) answer: an access
 * key AWS does not know is UnrecognizedClientException, an expired session ExpiredTokenException.
 */
function callerOf(config: WireConfig, req: IncomingMessage, bytes: Buffer): CallerIdentity {
  const resolved = config.sessions.resolve(req, bytes, config.directory);
  if (!('refused' in resolved)) return resolved.identity;
  if (resolved.refused === 'ExpiredToken') throw new CloudTrailError('ExpiredTokenException', 'The security token included in the request is expired');
  if (resolved.refused === 'SignatureDoesNotMatch') {
    throw new CloudTrailError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  throw new CloudTrailError('UnrecognizedClientException', 'The security token included in the request is invalid.');
}

function answerOrganizations(
  config: WireConfig,
  req: IncomingMessage,
  bytes: Buffer,
  operation: string,
  requestId: string,
  res: ServerResponse,
): void {
  try {
    const handler = Object.hasOwn(organizationsOperations, operation) ? organizationsOperations[operation] : undefined;
    if (!handler) throw new CloudTrailError('UnknownOperationException', `Unknown operation AWSOrganizationsV20161128.${operation}.`);
    const caller = callerOf(config, req, bytes);
    if (caller.type === 'Unknown') throw new CloudTrailError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    const input = jsonObjectOf(bytes.toString('utf8'));
    config.faults.checkNamed(operation);
    const output = handler(input, { caller, directory: config.directory, joinedAt: config.joinedAt });
    send(res, 200, toWire(output), requestId);
  } catch (err) {
    if (!(err instanceof CloudTrailError)) throw err;
    // Organizations' errors carry `Message` (and InvalidInputException a `Reason`).
    const reason = err instanceof OrganizationsError && err.reason !== undefined ? { Reason: err.reason } : {};
    send(res, err.statusCode, { __type: err.type, Message: err.message, ...reason }, requestId, err.type);
  }
}

const CREDENTIAL_REFUSALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException']);

/** The Account Management API (REST-JSON): JSON bodies, errors named by `x-amzn-ErrorType` with `{"message"}`. */
function answerAccountApi(
  config: WireConfig,
  req: IncomingMessage,
  bytes: Buffer,
  operation: NonNullable<ReturnType<typeof accountApiOperation>>,
  requestId: string,
  res: ServerResponse,
): void {
  const reply = (status: number, body: unknown, errorType?: string) => {
    const payload = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(payload),
      'x-amzn-RequestId': requestId,
      ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
    });
    res.end(payload);
  };
  try {
    const caller = callerOf(config, req, bytes);
    if (caller.type === 'Unknown') throw new CloudTrailError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    let input: Record<string, unknown>;
    try {
      input = jsonObjectOf(bytes.toString('utf8'));
    } catch (err) {
      throw new AccountApiError('ValidationException', (err as Error).message, 400, 'fieldValidationFailed');
    }
    config.faults.checkNamed(operation.operationName);
    reply(200, toWire(operation(input, { caller, directory: config.directory })));
  } catch (err) {
    if (!(err instanceof CloudTrailError)) throw err;
    const reason = err instanceof AccountApiError && err.reason !== undefined ? { reason: err.reason } : {};
    // REST-JSON services answer a credentials refusal with 403 (JSON 1.1 CloudTrail with 400).
    const status = CREDENTIAL_REFUSALS.has(err.type) ? 403 : (ACCOUNT_API_ERROR_STATUS[err.type] ?? err.statusCode);
    reply(status, { message: err.message, ...reason }, err.type);
  }
}

function recordCloudTrailCall(
  config: WireConfig,
  request: IncomingMessage,
  call: {
    operation: string;
    region: string;
    caller: CallerIdentity;
    input: Record<string, unknown>;
    requestId: string;
    output?: object;
    error?: { code: string; message: string };
  },
): void {
  recordApiCall(
    { store: config.store, accountId: call.caller.accountId, clock: config.clock },
    {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: call.operation,
      region: call.region,
      identity: call.caller,
      readOnly: false,
      requestParameters: call.input,
      responseElements: call.output as Record<string, unknown> | undefined,
      requestId: call.requestId,
      request,
      error: call.error,
    },
  );
}
