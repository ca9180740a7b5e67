import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../clock.js';
import { recordApiCall, type ApiCall } from '../event-history.js';
import { callerSummary } from './identity.js';
import type { EmulatorStore } from '../store.js';
import type { AccountDirectory } from '../organization/directory.js';
import { stsActions, StsError } from './operations.js';
import type { RoleSessions } from './sessions.js';
import { stsErrorXml, stsResultXml } from './xml.js';

/**
 * A minimal AWS STS on the emulator's port: the query protocol (`POST /`,
 * `Content-Type: application/x-www-form-urlencoded`, `Action=AssumeRole&Version=2011-06-15&...`,
 * SigV4 credential scope service `sts`), answering in XML, for AssumeRole and GetCallerIdentity.
 * The SDK's STS client and `fromTemporaryCredentials` work against it by endpoint.
 */

export { RoleSessions } from './sessions.js';

const API_VERSION = '2011-06-15';

export interface StsConfig {
  store: EmulatorStore;
  sessions: RoleSessions;
  clock: Clock;
  directory: AccountDirectory;
}

/** The SigV4 credential scope's service: `Credential=AKID/20260101/us-east-1/sts/aws4_request`. */
function scopeService(authorization: string | undefined): string | undefined {
  return authorization?.match(/Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/)?.[1];
}

/** An STS request carries no X-Amz-Target; it is signed for `sts` or sent as a form. */
export function isStsRequest(req: IncomingMessage): boolean {
  if (req.headers['x-amz-target'] !== undefined) return false;
  const service = scopeService(req.headers.authorization);
  if (service !== undefined) return service === 'sts';
  return String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

export function answerSts(
  config: StsConfig,
  req: IncomingMessage,
  body: Buffer,
  requestId: string,
  region: string,
): { status: number; xml: string } {
  const params = new URLSearchParams(body.toString('utf8'));
  const action = params.get('Action') ?? '';
  try {
    const version = params.get('Version');
    const handler = Object.hasOwn(stsActions, action) ? stsActions[action] : undefined;
    if (!handler || (version !== null && version !== API_VERSION)) {
      throw new StsError('InvalidAction', `Could not find operation ${action || '(no Action)'} for version ${version ?? API_VERSION}`);
    }
    const resolved = config.sessions.resolve(req, body, config.directory);
    if ('refused' in resolved) {
      if (resolved.refused === 'ExpiredToken') throw new StsError('ExpiredTokenException', 'The security token included in the request is expired');
      if (resolved.refused === 'SignatureDoesNotMatch') {
        throw new StsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.', 403);
      }
      throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    }
    const caller = resolved.identity;
    // AWS answers an unsigned STS request so; every STS action needs to know its caller.
    if (caller.type === 'Unknown') throw new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    const answer = handler(params, { caller, directory: config.directory, sessions: config.sessions, clock: config.clock });
    if (answer.recorded) {
      const { resourceAccountId, ...recorded } = answer.recorded;
      const call: ApiCall = {
        eventSource: 'sts.amazonaws.com',
        eventName: action,
        region,
        identity: caller,
        // CloudTrail records AssumeRole as a read-only management event.
        readOnly: true,
        ...recorded,
        requestId,
        request: req,
      };
      const into = (accountId: string) => ({ store: config.store, accountId, clock: config.clock });
      if (resourceAccountId === undefined) {
        recordApiCall(into(caller.accountId), call);
      } else {
        // AWS logs a cross-account AssumeRole in both accounts, with one sharedEventID; the role's
        // account sees the caller as `AWSAccount` (CloudTrail userIdentity element).
        const sharedEventID = randomUUID();
        recordApiCall(into(caller.accountId), { ...call, sharedEventID });
        const userIdentity = { type: 'AWSAccount', principalId: callerSummary(caller).userId, accountId: caller.accountId };
        recordApiCall(into(resourceAccountId), { ...call, sharedEventID, userIdentity });
      }
    }
    return { status: 200, xml: stsResultXml(action, answer.result, requestId) };
  } catch (err) {
    if (err instanceof StsError) return { status: err.status, xml: stsErrorXml(err.code, err.message, requestId) };
    throw err;
  }
}
