import type { Clock } from '../clock.js';
import type { AccountStore } from '../store.js';

/** What an operation handler knows about the request it answers. */
export interface OperationContext {
  store: AccountStore;
  accountId: string;
  /** From the request's SigV4 credential scope; the default region when unsigned. */
  region: string;
  clock: Clock;
  /** Page size for list operations that AWS pages by its own choice (ListTrails, ...). */
  pageSize: number;
}

/** The JSON request body, as parsed. Handlers validate every field they read. */
export type OperationInput = Record<string, unknown>;

/**
 * Handles one CloudTrail operation. Synchronous on purpose: a handler runs to completion without
 * interleaving with another request, which keeps the store consistent. Dates in the result are
 * written as epoch seconds, as the JSON 1.1 protocol does.
 */
export type OperationHandler = (input: OperationInput, ctx: OperationContext) => unknown;

export type OperationTable = Record<string, OperationHandler>;
