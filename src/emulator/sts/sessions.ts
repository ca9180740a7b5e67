import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AccountDirectory } from '../organization/directory.js';
import { STATIC_KEY_USER_NAME, type CallerIdentity, type RoleSession } from './identity.js';
import { hasValidSignature } from './signature.js';

/**
 * The role sessions the emulator's AssumeRole issued, by access key id, and who signed a request.
 * A request with a session key must come with its session token, before its expiration, and carry
 * a SigV4 signature made with the session's secret key, as AWS requires. A long-term key belongs
 * to the account the directory lists it under (its signature checked when a secret is configured);
 * an unlisted key acts in the default account, or is refused when the directory is strict.
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

  /** The identity a request acts as, by the access key of its SigV4 credential scope. */
  resolve(req: IncomingMessage, body: Buffer, directory: AccountDirectory): CallerResolution {
    const { headers } = req;
    const accessKeyId = accessKeyFromAuthorization(headers.authorization);
    if (accessKeyId === undefined) return { identity: { type: 'Unknown', accountId: directory.defaultAccountId } };
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
    const listed = directory.accessKey(accessKeyId);
    if (listed) {
      const { secretAccessKey, userName } = listed.key;
      if (secretAccessKey !== undefined && !hasValidSignature(req, body, secretAccessKey)) return { refused: 'SignatureDoesNotMatch' };
      return { identity: { type: 'IAMUser', accountId: listed.accountId, accessKeyId, userName: userName ?? STATIC_KEY_USER_NAME } };
    }
    if (directory.strictAccessKeys) return { refused: 'InvalidToken' };
    return { identity: { type: 'IAMUser', accountId: directory.defaultAccountId, accessKeyId, userName: STATIC_KEY_USER_NAME } };
  }
}
