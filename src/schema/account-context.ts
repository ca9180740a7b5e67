import type { GatewayContext } from './context.js';

/**
 * Objects read from a member account (the organization view) remember it, so that their fields
 * read from that account too: a member's trail's status, an Insight's metric series and events.
 * The context a field resolver gets is swapped for the account's view: its CloudTrail calls (the
 * account's credentials, within the request's budget) and its own loaders.
 */

const accountOfObject = new WeakMap<object, string>();
const accountContexts = new WeakMap<GatewayContext, Map<string, GatewayContext>>();

/** Marks `object` as read from `accountId` (no-op for the gateway's own account, `undefined`). */
export function fromAccount<T extends object>(object: T, accountId: string | undefined): T {
  if (accountId !== undefined) accountOfObject.set(object, accountId);
  return object;
}

/** The member account an object was read from; undefined for the gateway's own account. */
export function accountOf(object: object): string | undefined {
  return accountOfObject.get(object);
}

/** The request's context for reading `accountId`; the context itself for the gateway's own account. */
export function accountContext(accountId: string | undefined, ctx: GatewayContext): GatewayContext {
  if (accountId === undefined || ctx.cloudTrail.accountId === accountId) return ctx;
  let views = accountContexts.get(ctx);
  if (!views) {
    views = new Map();
    accountContexts.set(ctx, views);
  }
  let view = views.get(accountId);
  if (!view) {
    const reads = ctx.organization?.forAccount(accountId);
    // An account the gateway no longer reads: its object cannot be read further; its own account's
    // reads would answer for another account, so refuse instead.
    if (!reads) throw new Error(`Account ${accountId} is not read by this gateway.`);
    view = { ...ctx, cloudTrail: reads.cloudTrail, loaders: reads.loaders };
    views.set(accountId, view);
  }
  return view;
}

/** The context to resolve a field of `object` with: its account's, when it came from a member account. */
export function contextFor(object: object, ctx: GatewayContext): GatewayContext {
  return accountContext(accountOfObject.get(object), ctx);
}
