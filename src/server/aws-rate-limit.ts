import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Plugin } from 'graphql-yoga';
import { RateLimitedError } from '../aws/call-refusals.js';
import type { GatewayContext } from '../schema/context.js';

export interface AwsCallRateLimit {
  /** CloudTrail calls one caller may make per window. */
  calls: number;
  windowSeconds: number;
}

/** Enough for the trails overview at its largest page (about 210 calls) twice a minute per caller. */
export const DEFAULT_AWS_CALL_RATE_LIMIT: AwsCallRateLimit = { calls: 600, windowSeconds: 60 };

/** What the rate limit can know of a caller: the authenticated identity, or the client's address. */
interface CallerFacts {
  /** Set by authentication: who proved to be calling (`anonymous` when nobody did). */
  caller?: { kind?: string; id?: string };
  /** The node http request, when the gateway is served by node:http (main.ts). */
  req?: { socket?: { remoteAddress?: string } };
}

/**
 * Whom a request's AWS calls count against: the authenticated caller when there is one (so one
 * identity cannot spread its calls over many addresses, nor one proxy's address lump together all
 * of its users), else the client's IP address. Addresses are the socket's: behind a proxy, every
 * request counts against the proxy unless authentication names the caller.
 */
export function rateLimitKey(context: CallerFacts): string {
  const { caller } = context;
  if (caller?.id !== undefined && caller.kind !== undefined && caller.kind !== 'anonymous') return `${caller.kind}:${caller.id}`;
  return `ip:${context.req?.socket?.remoteAddress ?? 'unknown'}`;
}

/**
 * A per-caller budget of CloudTrail calls over a sliding window (rate-limiter-flexible, in memory:
 * per process). Each call takes one point before it is sent; past the budget the call is refused
 * with RATE_LIMITED (retryable, with `retryAfterSeconds`), on the field that needed it. This
 * protects the account's CloudTrail quotas (LookupEvents: 2 per second per account) from one
 * caller starving the others.
 */
export function useAwsCallRateLimit(limit: AwsCallRateLimit): Plugin<GatewayContext> {
  const limiter = new RateLimiterMemory({ points: limit.calls, duration: limit.windowSeconds });
  return {
    onExecute: ({ args }) => {
      const context = args.contextValue as GatewayContext & CallerFacts;
      const key = rateLimitKey(context);
      context.cloudTrail.checkBeforeEachCall(async () => {
        try {
          await limiter.consume(key);
        } catch (refusal) {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          throw new RateLimitedError(limit.calls, limit.windowSeconds, Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
        }
      });
    },
  };
}
