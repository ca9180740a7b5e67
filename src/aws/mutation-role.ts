import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { toSourceIdentity } from '../rules/sts.js';
import { CloudTrailClients, type ClientInstrumentation, type CloudTrailConnection } from './clients.js';

/**
 * Changes made as the caller: with MUTATION_ROLE_ARN, each selector put is sent with credentials of
 * that role, assumed for the caller with `SourceIdentity` set to the caller's id. CloudTrail then
 * records the put under the role session with `sessionContext.sourceIdentity`, and the source
 * identity stays on the session (it cannot be changed, and it carries over to roles assumed from it),
 * so AWS's own log says which person or service made the change. Reads keep the gateway's identity.
 */

export interface MutationRoleSettings {
  roleArn: string;
  /** Sent as ExternalId when the role's trust policy asks for one. */
  externalId?: string;
  /** STS endpoint; absent: the SDK's regional STS endpoint. */
  stsEndpoint?: string;
  /** Region of the STS calls; absent: the gateway's default region. */
  stsRegion?: string;
  /** Length of each role session (900-43200 s; 3600 at most if the gateway itself runs as a role). */
  durationSeconds: number;
}

/** Role sessions kept at most: each subject's client set holds a connection pool. */
const MAX_SUBJECTS = 500;

/** The role session name: `gateway-` and the source identity, within STS's 64 characters. */
export function roleSessionName(sourceIdentity: string): string {
  return `gateway-${sourceIdentity}`.slice(0, 64);
}

/**
 * CloudTrail clients per caller, each with the role's credentials for that caller. The SDK caches
 * a session's credentials and assumes the role again shortly before they expire; client sets of
 * subjects not seen for a while are dropped (least recently used first).
 */
export class MutationRoleClients {
  private readonly bySourceIdentity = new Map<string, CloudTrailClients>();
  private instrumentation?: ClientInstrumentation;

  constructor(
    private readonly connection: CloudTrailConnection & { credentials?: AwsCredentialIdentity },
    private readonly role: MutationRoleSettings,
  ) {}

  /** The role session a caller's changes are made in, as the audit records it. */
  sessionFor(callerId: string): { arn: string; sourceIdentity: string; sessionName: string } {
    const sourceIdentity = toSourceIdentity(callerId);
    return { arn: this.role.roleArn, sourceIdentity, sessionName: roleSessionName(sourceIdentity) };
  }

  /** Instruments the clients of every caller's role session (see CloudTrailClients.instrument). */
  instrument(instrumentation: ClientInstrumentation): void {
    this.instrumentation = instrumentation;
    for (const clients of this.bySourceIdentity.values()) clients.instrument(instrumentation);
  }

  forCaller(callerId: string): CloudTrailClients {
    const sourceIdentity = toSourceIdentity(callerId);
    let clients = this.bySourceIdentity.get(sourceIdentity);
    if (clients) {
      // Most recently used last.
      this.bySourceIdentity.delete(sourceIdentity);
    } else {
      clients = new CloudTrailClients({ ...this.connection, credentials: this.credentialsFor(sourceIdentity) });
      if (this.instrumentation) clients.instrument(this.instrumentation);
    }
    this.bySourceIdentity.set(sourceIdentity, clients);
    if (this.bySourceIdentity.size > MAX_SUBJECTS) {
      const [oldest, dropped] = this.bySourceIdentity.entries().next().value as [string, CloudTrailClients];
      this.bySourceIdentity.delete(oldest);
      dropped.destroy();
    }
    return clients;
  }

  destroy(): void {
    for (const clients of this.bySourceIdentity.values()) clients.destroy();
    this.bySourceIdentity.clear();
  }

  private credentialsFor(sourceIdentity: string) {
    const { roleArn, externalId, stsEndpoint, stsRegion, durationSeconds } = this.role;
    return fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: roleSessionName(sourceIdentity),
        SourceIdentity: sourceIdentity,
        DurationSeconds: durationSeconds,
        ...(externalId ? { ExternalId: externalId } : {}),
      },
      // The gateway's own credentials assume the role (static ones for an emulator, else the SDK chain).
      ...(this.connection.credentials ? { masterCredentials: this.connection.credentials } : {}),
      clientConfig: {
        region: stsRegion ?? this.connection.defaultRegion,
        ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
        maxAttempts: this.connection.maxAttempts ?? 3,
      },
    });
  }
}
