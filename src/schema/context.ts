import type { MutationAuditor } from '../audit/mutation-audit.js';
import type { Caller } from '../auth/scopes.js';
import type { CursorStore } from '../fleet/cursor-store.js';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import type { LiveInsights } from '../live/live-insights.js';
import type { Loaders } from '../loaders/index.js';
import type { OrganizationReads } from '../loaders/organization.js';

export interface ShardCursorSettings {
  /** The key of the cursors' digest (CURSOR_SECRET); absent: an unkeyed digest. */
  secret?: string;
  /** Where cursors longer than `inlineMaxChars` are kept, under a short reference. */
  store: CursorStore;
  /** The longest cursor handed to clients as is: the longest string a request may carry (MAX_INPUT_STRING_LENGTH). */
  inlineMaxChars: number;
}

/** What every resolver gets: the per-request CloudTrail API (counted calls) and per-request loaders. */
export interface GatewayContext {
  cloudTrail: CloudTrailApi;
  loaders: Loaders;
  /** Correlates logs of masked errors with what the client saw. */
  requestId: string;
  /** Who is calling and with which scopes, established before execution. */
  caller: Caller;
  /** Records each mutation attempt of this request (src/audit/). */
  audit: MutationAuditor;
  /**
   * The AWS error members of result unions this request resolved (src/schema/aws-error-members.ts),
   * so metrics and the access log count those results as errors. Absent: nobody is counting.
   */
  awsErrorMembers?: string[];
  /** The member accounts read through assumed roles (ORG_ACCOUNTS); absent when none are configured. */
  organization?: OrganizationReads;
  /** How merged (`scope`) cursors are protected and kept (src/schema/shard-connection.ts); absent: unkeyed, inline only. */
  shardCursors?: ShardCursorSettings;
  /** Live Insights subscriptions (src/live/); absent when the gateway serves none. */
  liveInsights?: LiveInsights;
  /** The `Last-Event-ID` header: where an EventSource that reconnects asks to resume. */
  lastEventId?: string;
  /** Where a subscription's resolver leaves each notice's cursor, for the SSE `id:` line (src/server/sse-event-ids.ts). */
  liveCursor?: { current?: string };
}
