import { createYoga, type Plugin, type YogaInitialContext, type YogaServerInstance } from 'graphql-yoga';
import { stdoutAuditSink, type AuditSink } from './audit/audit-sinks.js';
import { logAuditFailureAsJson, MutationAuditor, type AuditFailureLogger } from './audit/mutation-audit.js';
import { createCallerAuthenticator, OPEN_AUTHENTICATION, type AuthenticationSettings } from './auth/authenticate.js';
import { CloudTrailApi, DEFAULT_REQUEST_DEADLINE_MS } from './aws/cloudtrail-api.js';
import type { CloudTrailClients } from './aws/clients.js';
import type { MutationRoleClients } from './aws/mutation-role.js';
import type { CallQuota } from './aws/cloudtrail-api.js';
import type { FleetRedis } from './fleet/redis.js';
import { MemoryCursorStore, RedisCursorStore } from './fleet/cursor-store.js';
import type { CacheLevel } from './fleet/shared-read-cache.js';
import type { Logger } from 'pino';
import { observeAwsCalls } from './observability/aws-calls.js';
import type { GatewayMetrics } from './observability/metrics.js';
import type { GatewayTracing } from './observability/tracing.js';
import type { OrganizationAccounts } from './aws/organization.js';
import { createLoaders, type SharedLoaderState } from './loaders/index.js';
import { LiveInsights } from './live/live-insights.js';
import { createInsightsReads, type InsightsReadsOptions } from './loaders/cached-pages.js';
import { OrganizationReads } from './loaders/organization.js';
import { schema } from './schema/index.js';
import type { GatewayContext } from './schema/context.js';
import { authenticateRequest } from './server/authentication.js';
import { useAwsCallReport } from './server/aws-call-report.js';
import { DEFAULT_AWS_CALL_RATE_LIMIT, useAwsCallRateLimit, type AwsCallRateLimit } from './server/aws-rate-limit.js';
import { logUnexpectedErrorAsJson, useUnexpectedErrorMasking, type UnexpectedErrorLogger } from './server/errors.js';
import {
  graphiqlOptions,
  loadExampleOperations,
  type ExampleOperation,
} from './server/graphiql.js';
import { renderGraphiQLPage, useGraphiQLAssets } from './server/graphiql-assets.js';
import { DEFAULT_READINESS_TIMEOUT_MS, useBackendReadinessCheck, useLivenessCheck } from './server/health.js';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useErrorCodes } from './server/error-codes.js';
import { useInputSizeLimits } from './server/input-limits.js';
import { useJsonOnlyPosts } from './server/json-only-posts.js';
import { queryLimitPlugins, requestLimitsOf, type RequestLimits } from './server/limits.js';
import { useShortErrorMessages } from './server/short-error-messages.js';
import { useAccessLog } from './server/access-log.js';
import { useOperationReports, type OperationReport } from './server/operation-reports.js';
import { usePrometheusMetrics } from './server/prometheus.js';
import { requestIdOf, useRequestId } from './server/request-id.js';
import { useRequestBodyLimit } from './server/request-body-limit.js';
import { liveCursorHolderFor, useSseEventIds } from './server/sse-event-ids.js';
import {
  loadPersistedOperationManifest,
  usePersistedOperationManifest,
  type PersistedOperationManifest,
} from './server/persisted-operations.js';

export interface GatewayOptions {
  clients: CloudTrailClients;
  /** Add `extensions.awsCalls` (AWS calls per operation) to every response. Default true. */
  reportAwsCalls?: boolean;
  /** Serve GraphiQL (from bundled assets, no CDN) on GET /graphql. Default true. */
  graphiql?: boolean;
  /** Operations preloaded in GraphiQL. Default: the files in schema/operations/. */
  exampleOperations?: ExampleOperation[];
  /** Allowed CORS origins, or `['*']`. Empty or absent: no CORS headers (same-origin only). */
  corsOrigins?: string[];
  corsAllowCredentials?: boolean;
  /** Hash -> document. Default: the manifest codegen writes from schema/operations/. */
  persistedOperations?: PersistedOperationManifest;
  /** Refuse documents that are not in the persisted-operations manifest. Default false. */
  persistedOperationsOnly?: boolean;
  /** Default DEFAULT_MAX_QUERY_DEPTH (12). */
  maxQueryDepth?: number;
  /** Default DEFAULT_MAX_QUERY_COST (20000): see src/server/limits.ts. */
  maxQueryCost?: number;
  /** Body size, tokens, nesting, aliases, directives, input sizes. Default DEFAULT_REQUEST_LIMITS. */
  requestLimits?: Partial<RequestLimits>;
  /** Answer introspection. Default true (config: off in production). */
  introspection?: boolean;
  /** "Did you mean ...?" suggestions in validation errors. Default true (config: off in production). */
  fieldSuggestions?: boolean;
  /** CloudTrail calls one request may make. Default DEFAULT_MAX_AWS_CALLS_PER_REQUEST (500). */
  maxAwsCallsPerRequest?: number;
  /** How long one CloudTrail call may take, SDK retries included. Default DEFAULT_AWS_CALL_TIMEOUT_MS (10 s). */
  awsCallTimeoutMs?: number;
  /** After this long a request makes no more CloudTrail calls and cancels those in flight. Default 30 s. */
  requestDeadlineMs?: number;
  /** CloudTrail calls per caller per window; false for none. Default DEFAULT_AWS_CALL_RATE_LIMIT. */
  awsCallRateLimit?: AwsCallRateLimit | false;
  /** How long /readyz waits for CloudTrail. Default DEFAULT_READINESS_TIMEOUT_MS (2 s). */
  readinessTimeoutMs?: number;
  /** Called for unexpected errors, which clients only see masked with the request id. */
  logError?: UnexpectedErrorLogger;
  /** Insights reads: the cross-request cache (TTL, size, or `false`) and the clock for retention windows. */
  insights?: InsightsReadsOptions;
  /**
   * Who may call, with which scopes: bearer JWTs, API keys, and the scopes of callers who send no
   * credentials. Default OPEN_AUTHENTICATION (every caller holds every scope); src/config.ts
   * refuses that default in production and against real AWS.
   */
  authentication?: AuthenticationSettings;
  /**
   * Where mutation audit records go (default: stdout), and who hears of a record that could not be
   * written (default: a JSON line on stderr).
   */
  audit?: { sink: AuditSink; logFailure?: AuditFailureLogger };
  /** Make changes as a role assumed per caller with SourceIdentity (MUTATION_ROLE_ARN). Default: the gateway's own identity. */
  mutationRole?: MutationRoleClients;
  /**
   * Prometheus metrics (src/observability/metrics.ts): GraphQL requests by operation and outcome,
   * AWS calls, and whatever else reports into them. Absent: no metrics are collected.
   */
  metrics?: GatewayMetrics;
  /** Where GET serves `metrics` on this server, or false when another listener serves them. Default '/metrics'. */
  metricsEndpoint?: string | false;
  /** A span per GraphQL operation and per AWS call. Absent: no tracing, at no cost. */
  tracing?: GatewayTracing;
  /** One JSON line per request. Absent: no access log. */
  accessLog?: Logger;
  /**
   * More envelop or yoga plugins (maintained ones such as response caching or persisted-operation
   * stores), added after the gateway's own: the gateway's limits, authentication and error masking
   * apply before them.
   */
  plugins?: Plugin[];
  /** Running as one replica of a fleet: what the replicas share through Redis (see FleetOptions). */
  fleet?: FleetOptions;
  /**
   * The key of the digest merged (`scope`) cursors carry (HMAC-SHA256), so a client cannot alter
   * the shard tokens and positions in them; every replica needs the same. Default: none, the digest
   * is an unkeyed SHA-256, which binds a cursor to its arguments but anyone can recompute.
   */
  cursorSecret?: string;
  /** Member accounts read through assumed roles (ORG_ACCOUNTS): the `accounts` field and `scope` arguments. Default: none. */
  organization?: OrganizationAccounts;
  /**
   * Live Insights subscriptions (src/live/): a hub built with its feed (in memory, or Redis for a
   * fleet) and settings. Default: an in-memory hub with default settings; false: none.
   */
  liveInsights?: LiveInsights | false;
  /**
   * CloudTrail's request-rate quotas (src/fleet/quota-buckets.ts): each call waits for its slot, at
   * most `maxWaitMs` and never past the request's deadline, or is refused with AWS_QUOTA_EXHAUSTED.
   * Absent: calls are sent at once, as AWS gets them.
   */
  awsQuota?: { buckets: CallQuota; maxWaitMs?: number };
}

/** What replicas of the gateway share through Redis (REDIS_URL). Absent: each process alone, as with one replica. */
export interface FleetOptions {
  /** The shared connection; while it is down each replica falls back to its own cache and `/readyz` says degraded. */
  redis: FleetRedis;
  /** The AWS account of the gateway's credentials: shared keys name it, so two accounts never mix. */
  account: string;
  /** Longest a replica waits for another's call of the same read before calling itself. Default 5000 ms. */
  singleFlightWaitMs?: number;
  /** Told of each read cache lookup (for metrics): the level, and whether it held the answer. */
  onCacheLookup?: (level: CacheLevel, hit: boolean) => void;
}

/** The node http request's socket, present when the gateway is served by node:http (main.ts). */
interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

type ServerContext = Record<string, unknown>;
export type Gateway = YogaServerInstance<ServerContext, GatewayContext>;

/** Counts each operation's outcome in the metrics, when there are metrics. */
function reportTo(metrics: GatewayMetrics | undefined) {
  return (report: OperationReport): void => {
    if (metrics && report.outcome !== 'stream') {
      metrics.onOperationResult(report.operationName, report.operationType, report.outcome, report.error);
    }
  };
}

/** The yoga server: schema plus small plugins, each doing one thing. No business logic here. */
export function createGateway(options: GatewayOptions): Gateway {
  const corsOrigins = options.corsOrigins ?? [];
  // Shared by every request of this gateway: the short-lived cache of Insights reads.
  const { fleet, metrics, tracing } = options;
  const insights = createInsightsReads({
    ...options.insights,
    shared: {
      ...(fleet && { redis: fleet.redis, account: fleet.account, singleFlightWaitMs: fleet.singleFlightWaitMs }),
      onCacheLookup: fleet?.onCacheLookup ?? metrics?.onCacheLookup,
    },
  });
  const sharedLoaderState: SharedLoaderState = { insights };
  const quota = options.awsQuota;
  // Throttled attempts the SDK retried by itself slow the buckets down as well.
  if (quota) {
    options.clients.observeThrottles((operation, region) => void quota.buckets.throttled(operation, region));
    // A member account's throttles slow its own buckets (its quotas are its own).
    options.organization?.observeThrottles((operation, region, account) => void quota.buckets.throttled(operation, region, account));
  }
  if (quota && metrics) quota.buckets.observeTokenWaits?.(metrics.onTokenWait);
  const requestLimits = requestLimitsOf(options);
  // Merged cursors of `scope` reads: keyed with CURSOR_SECRET, long ones kept (shared by the replicas through Redis).
  const shardCursors = options.organization
    ? {
        ...(options.cursorSecret ? { secret: options.cursorSecret } : {}),
        store: fleet?.redis ? new RedisCursorStore(fleet.redis) : new MemoryCursorStore(),
        inlineMaxChars: requestLimits.maxInputStringLength,
      }
    : undefined;
  const authenticate = createCallerAuthenticator(options.authentication ?? OPEN_AUTHENTICATION);
  const auditSink = options.audit?.sink ?? stdoutAuditSink();
  const liveInsights =
    options.liveInsights === false
      ? undefined
      : (options.liveInsights ??
        new LiveInsights({ clients: options.clients, quota: quota?.buckets, onSubscribersChanged: metrics?.onSubscribersChanged }));
  const plugins: (Plugin | Plugin<GatewayContext>)[] = [useRequestId()];
  // First, so their clocks start before any other plugin answers (health checks, refusals).
  if (options.accessLog) plugins.push(useAccessLog(options.accessLog));
  if (metrics) plugins.push(usePrometheusMetrics(metrics, options.metricsEndpoint ?? '/metrics'));
  if (metrics || options.accessLog) plugins.push(useOperationReports(reportTo(metrics)));
  if (tracing) plugins.push(tracing.traceContextPlugin, tracing.operationPlugin);
  if (metrics || tracing) {
    const instrumentation = observeAwsCalls({ metrics, tracer: tracing?.tracer });
    options.clients.instrument(instrumentation);
    options.mutationRole?.instrument(instrumentation);
    options.organization?.instrument(instrumentation);
  }
  plugins.push(
    useLivenessCheck(),
    useBackendReadinessCheck(options.clients, options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS, fleet?.redis),
    useJsonOnlyPosts(),
    usePersistedOperationManifest(
      options.persistedOperations ?? loadPersistedOperationManifest(),
      options.persistedOperationsOnly ?? false,
    ),
    useInputSizeLimits(requestLimits),
    ...queryLimitPlugins(options),
    useUnexpectedErrorMasking(options.logError ?? logUnexpectedErrorAsJson),
  );
  if (!(options.introspection ?? true)) plugins.push(useDisableIntrospection<Record<never, never>>());
  if (!(options.fieldSuggestions ?? true)) plugins.push(blockFieldSuggestionsPlugin());
  plugins.push(useErrorCodes(), useShortErrorMessages(), useSseEventIds());
  const rateLimit = options.awsCallRateLimit ?? DEFAULT_AWS_CALL_RATE_LIMIT;
  if (rateLimit !== false) plugins.push(useAwsCallRateLimit(rateLimit));
  if (options.reportAwsCalls ?? true) plugins.push(useAwsCallReport());
  const graphiql = options.graphiql ?? true;
  if (graphiql) plugins.push(useGraphiQLAssets());
  plugins.push(...(options.plugins ?? []));
  // Last: it wraps the request parser yoga or an operator's plugin selected.
  plugins.push(useRequestBodyLimit(requestLimits.maxRequestBodyBytes));
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: graphiql ? graphiqlOptions(options.exampleOperations ?? loadExampleOperations()) : false,
    // Yoga's default page loads GraphiQL from a CDN; this one serves the bundled assets, so it works offline.
    renderGraphiQL: renderGraphiQLPage,
    cors: corsOrigins.length === 0 ? false : { origin: corsOrigins, credentials: options.corsAllowCredentials ?? false },
    // Failures outside execution (parsing the request, building the context) are masked by yoga;
    // isDev false so NODE_ENV=development never puts stack traces in responses.
    maskedErrors: { isDev: false },
    extraParamNames: ['documentId'],
    // MAX_REQUEST_BODY_BYTES is useRequestBodyLimit's, which counts only bodies without a Content-Length.
    maxRequestBodySize: false,
    // File uploads are not part of this API, and a multipart POST needs no CORS preflight.
    multipart: false,
    context: async ({ request, req }: YogaInitialContext & NodeServerContext): Promise<GatewayContext> => {
      const caller = await authenticateRequest(authenticate, request);
      const requestId = requestIdOf(request);
      const audit = new MutationAuditor(
        auditSink,
        {
          requestId,
          caller,
          clientIp: req?.socket?.remoteAddress ?? null,
          forwardedFor: request.headers.get('x-forwarded-for'),
          role: options.mutationRole?.sessionFor(caller.id),
        },
        options.audit?.logFailure ?? logAuditFailureAsJson,
      );
      const deadlineMs = options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
      const cloudTrail = new CloudTrailApi(options.clients, options.maxAwsCallsPerRequest, {
        // The request's signal aborts when the client disconnects: its pending AWS calls are cancelled.
        clientSignal: request.signal,
        deadline: { signal: AbortSignal.timeout(deadlineMs), ms: deadlineMs },
        callTimeoutMs: options.awsCallTimeoutMs,
        // A change through this replica makes every replica's cached Insights answers stale.
        afterChange: () => insights.cache.invalidate(),
        quota: quota?.buckets,
        quotaMaxWaitMs: quota?.maxWaitMs,
      });
      const mutationRole = options.mutationRole;
      if (mutationRole) cloudTrail.routeChangesThrough(() => mutationRole.forCaller(caller.id));
      const organization = options.organization ? new OrganizationReads(options.organization, cloudTrail, sharedLoaderState) : undefined;
      return {
        cloudTrail,
        loaders: createLoaders(cloudTrail, sharedLoaderState),
        requestId,
        caller,
        audit,
        awsErrorMembers: [],
        organization,
        ...(shardCursors ? { shardCursors } : {}),
        liveInsights,
        lastEventId: request.headers.get('last-event-id') ?? undefined,
        liveCursor: liveCursorHolderFor(request),
      };
    },
    plugins,
  });
}
