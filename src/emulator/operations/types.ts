import { CloudTrailError } from '../errors.js';
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
  /** The organization the account belongs to (absent: none), for organization trails and event data stores. */
  organization?: { managementAccountId: string };
}

/**
 * AWS: only an organization's management account creates or turns on organization trails and event
 * data stores: an account in no organization gets OrganizationsNotInUseException, a member
 * NotOrganizationMasterAccountException.
 */
export function requireOrganizationManagement(ctx: OperationContext, what: string): void {
  if (!ctx.organization) {
    throw new CloudTrailError(
      'OrganizationsNotInUseException',
      `Account ${ctx.accountId} is not a member of an organization in Organizations, so it cannot use an organization ${what}.`,
    );
  }
  if (ctx.organization.managementAccountId !== ctx.accountId) {
    throw new CloudTrailError(
      'NotOrganizationMasterAccountException',
      `Account ${ctx.accountId} is not the management account of its organization (${ctx.organization.managementAccountId}), so it cannot use an organization ${what}.`,
    );
  }
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
