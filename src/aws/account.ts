import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CloudTrailConnection } from './clients.js';

/**
 * The AWS account the gateway's credentials belong to, from STS GetCallerIdentity (AWS: "No
 * permissions are required to perform this operation"). Replicas sharing a Redis name it in every
 * shared key and quota bucket, since CloudTrail's quotas and answers are per account. Undefined
 * when STS does not answer within `timeoutMs`.
 */
export async function resolveAccountId(
  connection: CloudTrailConnection & { stsEndpoint?: string },
  timeoutMs = 3000,
): Promise<string | undefined> {
  const sts = new STSClient({
    region: connection.defaultRegion,
    endpoint: connection.stsEndpoint,
    credentials: connection.credentials,
    maxAttempts: 2,
  });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return identity.Account;
  } catch {
    return undefined;
  } finally {
    sts.destroy();
  }
}
