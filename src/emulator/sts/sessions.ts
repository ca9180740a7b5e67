import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { STATIC_KEY_USER_NAME, type CallerIdentity, type RoleSession } from './identity.js';
import { hasValidSignature } from './signature.js';

/**
 * The role sessions the emulator's AssumeRole issued, by access key id, and who signed a request.
 * A request with a session key must come with its session token, before its expiration, and carry
 * a SigV4 signature made with the session's secret key, as AWS requires. Long-term keys are not
 * checked: the emulator has no IAM and knows no secret but the ones it issued.
 */

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomText(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[bytes[i] % alphabet.length];
  return text;
}

/** AWS: temporary access keys start with ASIA, long-term ones with AKIA; both are 20 characters. */
export function newSessionAccessKeyId(): string {
  return `ASIA${randomText(KEY_ALPHABET, 16)}`;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export function newSessionToken(): string {
  return randomBytes(192).toString('base64');
}

/** Why a signed request was refused before any operation ran. */
export type CallerRefusal = 'InvalidToken' | 'ExpiredToken' | 'SignatureDoesNotMatch';

export type CallerResolution = { identity: CallerIdentity } | { refused: CallerRefusal };

/** The access key of the SigV4 credential scope: `Credential=AKID/20260101/us-east-1/sts/aws4_request`. */
export function accessKeyFromAuthorization(header: string | undefined): string | undefined {
  return header?.match(/Credential=([^/,\s]+)\//)?.[1];
}

export class RoleSessions {
  private readonly byAccessKey = new Map<string, RoleSession>();

  add(session: RoleSession): void {
    // Expired sessions can never be used again: drop them so that the map stays bounded.
    const now = Date.now();
    for (const [key, old] of this.byAccessKey) if (old.expiration.getTime() <= now) this.byAccessKey.delete(key);
    this.byAccessKey.set(session.accessKeyId, session);
  }

  get(accessKeyId: string): RoleSession | undefined {
    return this.byAccessKey.get(accessKeyId);
  }

  /**
   * The identity a request acts as. `accountId` is the emulated account, the account of
   * long-term keys and unsigned requests.
   */
  resolve(req: IncomingMessage, body: Buffer, accountId: string): CallerResolution {
    const { headers } = req;
    const accessKeyId = accessKeyFromAuthorization(headers.authorization);
    if (accessKeyId === undefined) return { identity: { type: 'Unknown', accountId } };
    const session = this.byAccessKey.get(accessKeyId);
    if (session) {
      if (headers['x-amz-security-token'] !== session.sessionToken) return { refused: 'InvalidToken' };
      if (session.expiration.getTime() <= Date.now()) return { refused: 'ExpiredToken' };
      if (!hasValidSignature(req, body, session.secretAccessKey)) return { refused: 'SignatureDoesNotMatch' };
      return { identity: { type: 'AssumedRole', accountId: session.accountId, accessKeyId, session } };
    }
    // A temporary key the emulator never issued (or issued before a restart) is unknown to it, as
    // an expired-and-forgotten or foreign token is to AWS.
    if (accessKeyId.startsWith('ASIA')) return { refused: 'InvalidToken' };
    return { identity: { type: 'IAMUser', accountId, accessKeyId, userName: STATIC_KEY_USER_NAME } };
  }
}
