/**
 * Environment -> one validated, typed configuration object, read once at start-up.
 * A bad value stops start-up with a message that names the variable and what it accepts.
 */
import { readFileSync } from 'node:fs';
import { ApiKeyListError, parseApiKeyList, type ApiKeyEntry } from './auth/api-keys.js';
import type { AuthenticationSettings } from './auth/authenticate.js';
import { DEFAULT_JWT_ALGORITHMS, KeyFileError, readVerificationKeys, type JwtSettings } from './auth/jwt.js';
import { SCOPES } from './auth/scopes.js';
import { DEFAULT_KEEP_ALIVE, DEFAULT_MAX_SOCKETS_PER_REGION } from './aws/clients.js';
import { DEFAULT_HEAP_GROWING_PERCENT } from './heap-growth.js';
import { CLOUDTRAIL_QUOTAS, DEFAULT_QUOTA_MAX_WAIT_MS, DEFAULT_QUOTA_SHARE, OPERATION_CLASSES, type OperationClass } from './aws/quotas.js';
import { DEFAULT_AWS_CALL_TIMEOUT_MS, DEFAULT_MAX_AWS_CALLS_PER_REQUEST, DEFAULT_REQUEST_DEADLINE_MS } from './aws/cloudtrail-api.js';
import { DEFAULT_LIVE_INSIGHTS_SETTINGS, type LiveInsightsSettings } from './live/live-insights.js';
import { DEFAULT_AWS_CALL_RATE_LIMIT, type AwsCallRateLimit } from './server/aws-rate-limit.js';
import { parseOrganizationSettings, OrganizationConfigError, type OrganizationSettings } from './organization-config.js';
import { isRegionCode, partitionOf } from './rules/region.js';
import { checkExternalId, checkRoleArn } from './rules/sts.js';
import { DEFAULT_MAX_QUERY_COST, DEFAULT_MAX_QUERY_DEPTH, DEFAULT_REQUEST_LIMITS, type RequestLimits } from './server/limits.js';
import { DEFAULT_READINESS_TIMEOUT_MS } from './server/health.js';
import { DEFAULT_READ_CACHE } from './aws/read-cache.js';
import type { InsightsReadsOptions } from './loaders/cached-pages.js';
import type { GatewayOptions } from './server.js';

export type Backend = 'emulator' | 'aws';

/** What createGateway takes from the environment (see GatewayConfig.gateway). */
export type GatewaySettings = Required<
  Pick<
    GatewayOptions,
    | 'reportAwsCalls'
    | 'graphiql'
    | 'corsOrigins'
    | 'corsAllowCredentials'
    | 'persistedOperationsOnly'
    | 'maxQueryDepth'
    | 'maxQueryCost'
    | 'maxAwsCallsPerRequest'
    | 'awsCallTimeoutMs'
    | 'requestDeadlineMs'
    | 'awsCallRateLimit'
    | 'introspection'
    | 'fieldSuggestions'
    | 'readinessTimeoutMs'
    | 'insights'
    | 'authentication'
  >
> & { requestLimits: RequestLimits } & Pick<GatewayOptions, 'cursorSecret'>;

export interface GatewayConfig {
  port: number;
  host: string;
  /** `emulator` starts the embedded emulator unless `cloudTrailEndpoint` points elsewhere; `aws` uses the SDK's default chains. */
  backend: Backend;
  /** Any CloudTrail-compatible endpoint (standalone emulator, LocalStack, moto). */
  cloudTrailEndpoint?: string;
  /** Region used when a query names none. With `aws`, undefined means the SDK's default region chain. */
  defaultRegion?: string;
  /**
   * The gateway's options, in createGateway's own names and units (milliseconds, bytes, a clock):
   * main.ts spreads them into createGateway and adds the objects it builds (clients, audit sink,
   * mutation role). Each default is set once, where the option is defined, and read from there.
   */
  gateway: GatewaySettings;
  /** Running as one replica of a fleet: what replicas share through Redis. */
  fleet: FleetConfig;
  /**
   * A fixed "now" for the gateway's Insights planning (retention windows, default time ranges) and
   * the embedded emulator, so that historical logs (an emulator started with `--now`) are inside
   * CloudTrail's retention windows. Undefined: the system clock.
   */
  clockNow?: Date;
  /** Embedded emulator options. */
  emulator: {
    port: number;
    /** Demo trails, selectors and event data stores, plus the bundled sample logs. */
    seedDemo: boolean;
    /** More CloudTrail log files or directories to ingest at start. */
    logs: string[];
    /** Shift ingested events so the newest lands minutes before now (inside every retention window). */
    replayRecent: boolean;
    accountId?: string;
    /** Serve the emulator's admin API (/_emulator/*) to loopback clients. */
    admin: boolean;
    /** Directories the admin API's ingest may read, besides the sample logs and `logs` directories. */
    ingestDirs: string[];
    /** Most events the emulator keeps (ingest stops there); undefined: no bound. */
    maxEvents?: number;
    /** JSON file of the emulator's accounts, keys, roles and organization; undefined: the demo's (or one account). */
    organizationFile?: string;
  };
  /** SDK retry attempts (the SDK's own backoff applies). */
  awsMaxAttempts: number;
  /** Most connections to CloudTrail open at once per region; more calls wait for one. */
  awsMaxSockets: number;
  /** Keep idle connections to CloudTrail open for the next call. */
  awsKeepAlive: boolean;
  /**
   * How far V8 lets the old generation grow past what survived the last full garbage collection,
   * in percent (src/heap-growth.ts); 0 leaves V8's own heuristic (up to 4 times).
   */
  heapGrowingPercent: number;
  production: boolean;
  /** True when CloudTrail is real AWS (CLOUDTRAIL_BACKEND=aws, or an amazonaws.com endpoint). */
  realAws: boolean;
  auth: AuthConfig;
  /** Where mutation audit records go: `stdout`, or a file rotated by size. */
  audit: { sink: 'stdout' } | { sink: 'file'; path: string; maxBytes: number; maxFiles: number };
  /** Metrics, tracing and the access log (README, Observability). */
  observability: ObservabilityConfig;
  /** MUTATION_ROLE_ARN: changes are made as this role, assumed per caller with SourceIdentity. */
  mutationRole?: { roleArn: string; externalId?: string; durationSeconds: number; stsEndpoint?: string };
  /** ORG_ACCOUNTS / ORG_ACCOUNTS_FILE: the member accounts read through assumed roles (the organization view). */
  organization?: OrganizationSettings;
  /** STS_ENDPOINT: where AssumeRole is sent (mutation role and member-account roles). */
  stsEndpoint?: string;
  /** ORGANIZATIONS_ENDPOINT: where member-account discovery (ListAccounts) is sent. */
  organizationsEndpoint?: string;
  /** ACCOUNT_ENDPOINT: where ListRegions (Account Management) is sent for `"regions": "all-enabled"` accounts. */
  accountEndpoint?: string;
  /** Live Insights subscriptions: polling, replay buffer and subscriber limits. */
  liveInsights: LiveInsightsSettings;
}

/** What replicas of the gateway share through Redis (README, Running as a fleet). */
export interface FleetConfig {
  /** REDIS_URL: the shared cache, single-flight and quota buckets. Absent: each process alone. */
  redisUrl?: string;
  /** How long a replica waits for another replica's call of the same read before calling itself. */
  singleFlightWaitMs: number;
  /**
   * CloudTrail's request-rate quotas as buckets calls wait in: `shared` by the fleet through Redis
   * (the default with REDIS_URL), `local` to each process, or `off` (the default without REDIS_URL).
   */
  quotaBucket: 'shared' | 'local' | 'off';
  /** Calls per second per account and Region, by operation class (AWS's documented quotas unless AWS_QUOTAS says otherwise). */
  quotas: Record<OperationClass, number>;
  /** Share of each quota the gateway spends (the account's other clients use the rest). */
  quotaShare: number;
  /** Longest a call queues for its quota, within the request's deadline. */
  quotaMaxWaitMs: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface ObservabilityConfig {
  /**
   * Where Prometheus metrics are served: `off` (not collected), `gateway` (GET `path` on the GraphQL
   * port) or `port` (GET `path` on a listener of its own at `host:port`, which is not the public one).
   */
  metrics: { expose: 'off' | 'gateway' | 'port'; path: string; host: string; port: number; processMetrics: boolean };
  /** One JSON line per request on stdout. */
  accessLog: boolean;
  logLevel: LogLevel;
  /** Spans to an OTLP/HTTP collector (the exporter reads OTEL_EXPORTER_OTLP_* itself); false: no tracing. */
  tracing: { exporter: 'otlp'; endpoint: string } | false;
}

/** Who may call the gateway (README, Security). */
export interface AuthConfig {
  /** `required`: callers need credentials; `open`: every caller, anonymous too, holds every scope. */
  mode: 'open' | 'required';
  /** Why an open gateway is open: the local emulator, or an explicit AUTH=none. */
  openBecause?: 'local-emulator' | 'auth-none';
  settings: AuthenticationSettings;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** A comma-separated list; blanks dropped. */
function listVar(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

/** An ISO 8601 date and time with a UTC offset (`Z` or `+hh:mm`), as CloudTrail writes event times. */
const ISO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function timeVar(env: NodeJS.ProcessEnv, name: string): Date | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const time = ISO_TIME_PATTERN.test(raw) ? new Date(raw) : undefined;
  if (!time || Number.isNaN(time.getTime())) {
    throw new ConfigError(`${name} must be an ISO 8601 time with a time zone, such as 2023-07-11T00:00:00Z, got "${raw}"`);
  }
  return time;
}

function regionVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!isRegionCode(raw)) throw new ConfigError(`${name} must be an AWS region such as us-east-1, got "${raw}"`);
  return raw;
}

/** RATE_LIMIT_AWS_CALLS per RATE_LIMIT_WINDOW_SECONDS; 0 calls turns the limit off. */
function awsCallRateLimitVars(env: NodeJS.ProcessEnv): AwsCallRateLimit | false {
  const calls = intVar(env, 'RATE_LIMIT_AWS_CALLS', DEFAULT_AWS_CALL_RATE_LIMIT.calls, 0, 1_000_000);
  const windowSeconds = intVar(env, 'RATE_LIMIT_WINDOW_SECONDS', DEFAULT_AWS_CALL_RATE_LIMIT.windowSeconds, 1, 86_400);
  return calls === 0 ? false : { calls, windowSeconds };
}

/**
 * INSIGHTS_CACHE_TTL_SECONDS (0 turns the cache off), INSIGHTS_CACHE_TTLS (per operation),
 * INSIGHTS_CACHE_MAX_ENTRIES and INSIGHTS_CACHE_MAX_MB, as the read cache's options in milliseconds
 * and bytes; the defaults are the cache's own.
 */
function insightsCacheVars(env: NodeJS.ProcessEnv): InsightsReadsOptions['cache'] {
  const d = DEFAULT_READ_CACHE;
  const ttlSeconds = intVar(env, 'INSIGHTS_CACHE_TTL_SECONDS', d.ttlMs / 1000, 0, 3600);
  const maxEntries = intVar(env, 'INSIGHTS_CACHE_MAX_ENTRIES', d.maxEntries, 1, 100_000);
  const maxMegabytes = intVar(env, 'INSIGHTS_CACHE_MAX_MB', d.maxBytes / MIB, 1, 4096);
  const ttlSecondsByOperation = cacheTtlsVar(env, 'INSIGHTS_CACHE_TTLS');
  if (ttlSeconds === 0) return false;
  return {
    ttlMs: ttlSeconds * 1000,
    ttlMsByOperation: Object.fromEntries(Object.entries(ttlSecondsByOperation).map(([operation, seconds]) => [operation, seconds * 1000])),
    maxEntries,
    maxBytes: maxMegabytes * MIB,
  };
}

const MIB = 1024 * 1024;

function requestLimitsVars(env: NodeJS.ProcessEnv): RequestLimits {
  const d = DEFAULT_REQUEST_LIMITS;
  return {
    maxRequestBodyBytes: intVar(env, 'MAX_REQUEST_BODY_BYTES', d.maxRequestBodyBytes, 1_000, 100_000_000),
    maxTokens: intVar(env, 'MAX_QUERY_TOKENS', d.maxTokens, 100, 1_000_000),
    maxNesting: intVar(env, 'MAX_DOCUMENT_NESTING', d.maxNesting, 8, 1_000),
    maxAliases: intVar(env, 'MAX_QUERY_ALIASES', d.maxAliases, 0, 10_000),
    maxDirectives: intVar(env, 'MAX_QUERY_DIRECTIVES', d.maxDirectives, 0, 10_000),
    maxInputStringLength: intVar(env, 'MAX_INPUT_STRING_LENGTH', d.maxInputStringLength, 256, 10_000_000),
    maxInputListLength: intVar(env, 'MAX_INPUT_LIST_LENGTH', d.maxInputListLength, 10, 1_000_000),
  };
}

/** A JWKS URL: https, or http on the loopback interface only (a JWKS over plain http can be swapped). */
function jwksUrlVar(env: NodeJS.ProcessEnv): URL | undefined {
  const raw = env.AUTH_JWT_JWKS_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AUTH_JWT_JWKS_URL must be an https URL, got "${raw}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`AUTH_JWT_JWKS_URL must be an https URL (http only on 127.0.0.1 or localhost), got "${raw}"`);
  }
  return url;
}

function jwtSettings(env: NodeJS.ProcessEnv): JwtSettings | undefined {
  const jwksUrl = jwksUrlVar(env);
  const keyFile = env.AUTH_JWT_KEY_FILE || undefined;
  if (jwksUrl === undefined && keyFile === undefined) {
    for (const name of ['AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE']) {
      if (env[name]) throw new ConfigError(`${name} is set but neither AUTH_JWT_JWKS_URL nor AUTH_JWT_KEY_FILE says how to verify tokens`);
    }
    return undefined;
  }
  if (jwksUrl !== undefined && keyFile !== undefined) {
    throw new ConfigError('Set one of AUTH_JWT_JWKS_URL or AUTH_JWT_KEY_FILE, not both');
  }
  let keys;
  if (keyFile !== undefined) {
    try {
      keys = readVerificationKeys(keyFile);
    } catch (err) {
      if (err instanceof KeyFileError) throw new ConfigError(`AUTH_JWT_KEY_FILE: ${err.message}`);
      throw err;
    }
  }
  // Without both, a token the same provider issued for another application (or by another tenant)
  // would be accepted here.
  const issuer = env.AUTH_JWT_ISSUER || undefined;
  if (issuer === undefined) throw new ConfigError('AUTH_JWT_ISSUER must be set with JWT authentication (the iss of the provider\'s tokens)');
  const audience = listVar(env, 'AUTH_JWT_AUDIENCE');
  if (audience.length === 0) throw new ConfigError('AUTH_JWT_AUDIENCE must be set with JWT authentication (the aud this API\'s tokens carry)');
  const algorithms = listVar(env, 'AUTH_JWT_ALGORITHMS');
  for (const alg of algorithms) {
    if (!DEFAULT_JWT_ALGORITHMS.includes(alg)) {
      throw new ConfigError(`AUTH_JWT_ALGORITHMS must list asymmetric algorithms from ${DEFAULT_JWT_ALGORITHMS.join(', ')}, got "${alg}"`);
    }
  }
  return {
    jwksUrl,
    keys,
    issuer,
    audience,
    clockSkewSeconds: intVar(env, 'AUTH_JWT_CLOCK_SKEW_SECONDS', 60, 0, 600),
    algorithms: algorithms.length > 0 ? algorithms : DEFAULT_JWT_ALGORITHMS,
    scopesClaim: env.AUTH_JWT_SCOPES_CLAIM || 'scope',
  };
}

function apiKeyEntries(env: NodeJS.ProcessEnv): ApiKeyEntry[] {
  const file = env.AUTH_API_KEYS_FILE || undefined;
  const inline = env.AUTH_API_KEYS || undefined;
  if (file !== undefined && inline !== undefined) throw new ConfigError('Set one of AUTH_API_KEYS_FILE or AUTH_API_KEYS, not both');
  try {
    if (inline !== undefined) return parseApiKeyList(inline, 'AUTH_API_KEYS');
    if (file === undefined) return [];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`AUTH_API_KEYS_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return parseApiKeyList(text, 'AUTH_API_KEYS_FILE');
  } catch (err) {
    if (err instanceof ApiKeyListError) throw new ConfigError(err.message);
    throw err;
  }
}

/**
 * Authentication is required whenever the gateway fronts real AWS or runs in production: a
 * reachable gateway could otherwise switch Insights off for anyone. Only the local emulator stays
 * open by default; AUTH=none opens any gateway, and says so loudly at start.
 */
function authConfig(env: NodeJS.ProcessEnv, production: boolean, realAws: boolean): AuthConfig {
  const mode = env.AUTH || undefined;
  if (mode !== undefined && mode !== 'none' && mode !== 'required') {
    throw new ConfigError(`AUTH must be "none" or "required" (or unset), got "${mode}"`);
  }
  const jwt = jwtSettings(env);
  const apiKeys = apiKeyEntries(env);
  const configured = jwt !== undefined || apiKeys.length > 0;
  if (mode === 'none') {
    if (configured) throw new ConfigError('AUTH=none contradicts the AUTH_JWT_* / AUTH_API_KEYS* settings: remove one or the other');
    return { mode: 'open', openBecause: 'auth-none', settings: { anonymousScopes: SCOPES } };
  }
  if (configured) return { mode: 'required', settings: { jwt, apiKeys, anonymousScopes: [] } };
  if (mode === 'required' || production || realAws) {
    const why = mode === 'required' ? 'AUTH=required' : production ? 'NODE_ENV=production' : 'the backend is real AWS';
    throw new ConfigError(
      `authentication is required (${why}): set AUTH_JWT_JWKS_URL or AUTH_JWT_KEY_FILE (with AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE), or AUTH_API_KEYS_FILE; AUTH=none runs without authentication`,
    );
  }
  return { mode: 'open', openBecause: 'local-emulator', settings: { anonymousScopes: SCOPES } };
}

function mutationRoleConfig(env: NodeJS.ProcessEnv): GatewayConfig['mutationRole'] {
  const roleArn = env.MUTATION_ROLE_ARN || undefined;
  const externalId = env.MUTATION_ROLE_EXTERNAL_ID || undefined;
  const stsEndpoint = env.STS_ENDPOINT || undefined;
  if (roleArn === undefined) {
    if (externalId !== undefined) throw new ConfigError('MUTATION_ROLE_EXTERNAL_ID is set without MUTATION_ROLE_ARN');
    return undefined;
  }
  if (checkRoleArn(roleArn)) {
    throw new ConfigError(`MUTATION_ROLE_ARN must be an IAM role ARN such as arn:aws:iam::123456789012:role/gateway-mutations, got "${roleArn}"`);
  }
  if (checkExternalId(externalId)) {
    throw new ConfigError('MUTATION_ROLE_EXTERNAL_ID must be 2-1224 letters, digits or +=,.@:/-');
  }
  if (stsEndpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(stsEndpoint)) {
    throw new ConfigError(`STS_ENDPOINT must be an http(s) URL, got "${stsEndpoint}"`);
  }
  return {
    roleArn,
    ...(externalId ? { externalId } : {}),
    // AWS: 900 s to 12 h; a gateway that itself runs as a role may chain for 1 h at most.
    durationSeconds: intVar(env, 'MUTATION_ROLE_SESSION_SECONDS', 900, 900, 43_200),
    ...(stsEndpoint ? { stsEndpoint } : {}),
  };
}

function httpUrlVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name] || undefined;
  if (raw !== undefined && !/^https?:\/\/[^/\s]+/.test(raw)) throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  return raw;
}

/** ORG_ACCOUNTS (JSON) or ORG_ACCOUNTS_FILE (a JSON file): see src/organization-config.ts and the README. */
function organizationConfig(env: NodeJS.ProcessEnv, defaultRegion: string | undefined): OrganizationSettings | undefined {
  const inline = env.ORG_ACCOUNTS || undefined;
  const file = env.ORG_ACCOUNTS_FILE || undefined;
  if (inline !== undefined && file !== undefined) throw new ConfigError('Set one of ORG_ACCOUNTS or ORG_ACCOUNTS_FILE, not both');
  if (inline === undefined && file === undefined) return undefined;
  let text = inline ?? '';
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`ORG_ACCOUNTS_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  try {
    return parseOrganizationSettings(text, {
      source: inline !== undefined ? 'ORG_ACCOUNTS' : 'ORG_ACCOUNTS_FILE',
      partition: defaultRegion ? partitionOf(defaultRegion) : 'aws',
      // AWS: 900 s to 12 h; a gateway that itself runs as a role may chain for 1 h at most.
      sessionSeconds: intVar(env, 'ORG_SESSION_SECONDS', 3600, 900, 43_200),
      maxConcurrencyPerRegion: intVar(env, 'ORG_MAX_CONCURRENCY_PER_REGION', 4, 1, 100),
      maxShards: intVar(env, 'ORG_MAX_SHARDS', 300, 1, 10_000),
    });
  } catch (err) {
    if (err instanceof OrganizationConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

function auditConfig(env: NodeJS.ProcessEnv): GatewayConfig['audit'] {
  const target = env.AUDIT_LOG || 'stdout';
  if (target === 'stdout') return { sink: 'stdout' };
  if (!target.startsWith('/')) throw new ConfigError(`AUDIT_LOG must be stdout or an absolute file path, got "${target}"`);
  return {
    sink: 'file',
    path: target,
    maxBytes: intVar(env, 'AUDIT_LOG_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024 * 100),
    maxFiles: intVar(env, 'AUDIT_LOG_MAX_FILES', 5, 1, 1000),
  };
}

/** The Insights reads the cross-request cache keeps (src/loaders/cached-pages.ts). */
const CACHED_OPERATIONS = ['ListInsightsMetricData', 'LookupEvents', 'ListInsightsData'];

/** `Operation=seconds,...`: a TTL per cached operation. */
function cacheTtlsVar(env: NodeJS.ProcessEnv, name: string): Record<string, number> {
  const ttls: Record<string, number> = {};
  for (const entry of listVar(env, name)) {
    const match = /^(\w+)=(\d+)$/.exec(entry);
    const seconds = Number(match?.[2]);
    if (!match || !CACHED_OPERATIONS.includes(match[1]) || seconds > 3600) {
      throw new ConfigError(`${name} must be a comma-separated list of Operation=seconds (0-3600) with operations among ${CACHED_OPERATIONS.join(', ')}, got "${entry}"`);
    }
    ttls[match[1]] = seconds;
  }
  return ttls;
}

function fleetConfig(env: NodeJS.ProcessEnv): FleetConfig {
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(redisUrl).protocol;
    } catch {
      // Reported below.
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL (redis://[:password@]host:port[/db])');
    }
  }
  const quotaBucket = env.AWS_QUOTA_BUCKET || (redisUrl ? 'shared' : 'off');
  if (quotaBucket !== 'shared' && quotaBucket !== 'local' && quotaBucket !== 'off') {
    throw new ConfigError(`AWS_QUOTA_BUCKET must be shared, local or off, got "${quotaBucket}"`);
  }
  if (quotaBucket === 'shared' && !redisUrl) throw new ConfigError('AWS_QUOTA_BUCKET=shared needs REDIS_URL');
  const share = Number(env.AWS_QUOTA_SHARE || DEFAULT_QUOTA_SHARE);
  if (!(share >= 0.05 && share <= 1)) throw new ConfigError(`AWS_QUOTA_SHARE must be a number from 0.05 to 1, got "${env.AWS_QUOTA_SHARE}"`);
  return {
    redisUrl,
    singleFlightWaitMs: intVar(env, 'SINGLE_FLIGHT_WAIT_MS', 5000, 0, 600_000),
    quotaBucket,
    quotas: quotasVar(env, 'AWS_QUOTAS'),
    quotaShare: share,
    quotaMaxWaitMs: intVar(env, 'AWS_QUOTA_MAX_WAIT_MS', DEFAULT_QUOTA_MAX_WAIT_MS, 0, 600_000),
  };
}

/** `class=calls per second,...` over CloudTrail's documented quotas. */
function quotasVar(env: NodeJS.ProcessEnv, name: string): Record<OperationClass, number> {
  const quotas = { ...CLOUDTRAIL_QUOTAS };
  for (const entry of listVar(env, name)) {
    const match = /^(\w+)=(\d+(\.\d+)?)$/.exec(entry);
    const perSecond = Number(match?.[2]);
    const cls = OPERATION_CLASSES.find((c) => c === match?.[1]);
    if (!match || cls === undefined || !(perSecond > 0 && perSecond <= 1000)) {
      throw new ConfigError(`${name} must be a comma-separated list of class=calls per second (above 0, at most 1000) with classes among ${OPERATION_CLASSES.join(', ')}, got "${entry}"`);
    }
    quotas[cls] = perSecond;
  }
  return quotas;
}

/**
 * METRICS: metrics are not public by default in production: the GraphQL port is the one exposed to
 * callers, so production serves them on a port of their own (METRICS_PORT, 9464 as OpenTelemetry's
 * Prometheus exporter does) for the scraper alone. Tracing follows OpenTelemetry's own variables:
 * on when an OTLP endpoint is set, unless OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true.
 */
/** Shortest CURSOR_SECRET accepted: 32 characters, 256 bits of a random hex or base64 string's worth at the least. */
const MIN_CURSOR_SECRET_CHARS = 32;

/** CURSOR_SECRET: the key of merged (scope) cursors' digest; the same on every replica. */
function cursorSecretVar(env: NodeJS.ProcessEnv): { cursorSecret?: string } {
  const secret = env.CURSOR_SECRET;
  if (secret === undefined || secret === '') return {};
  if (secret.length < MIN_CURSOR_SECRET_CHARS) {
    throw new ConfigError(`CURSOR_SECRET must be at least ${MIN_CURSOR_SECRET_CHARS} characters (e.g. \`openssl rand -hex 32\`), got ${secret.length}`);
  }
  return { cursorSecret: secret };
}

function observabilityConfig(env: NodeJS.ProcessEnv, production: boolean, gateway: { host: string; port: number }): ObservabilityConfig {
  const expose = env.METRICS || (production ? 'port' : 'gateway');
  if (expose !== 'off' && expose !== 'gateway' && expose !== 'port') {
    throw new ConfigError(`METRICS must be off, gateway or port, got "${expose}"`);
  }
  const path = env.METRICS_PATH || '/metrics';
  if (!/^\/[\w./-]{0,200}$/.test(path) || ['/graphql', '/healthz', '/readyz'].includes(path)) {
    throw new ConfigError(`METRICS_PATH must be a path such as /metrics, other than /graphql, /healthz and /readyz, got "${path}"`);
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const tracesExporter = env.OTEL_TRACES_EXPORTER || undefined;
  if (tracesExporter !== undefined && tracesExporter !== 'otlp' && tracesExporter !== 'none') {
    throw new ConfigError(`OTEL_TRACES_EXPORTER must be otlp or none, got "${tracesExporter}"`);
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://collector:4318, got "${endpoint}"`);
  }
  if (tracesExporter === 'otlp' && endpoint === undefined) {
    throw new ConfigError('OTEL_TRACES_EXPORTER=otlp needs OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)');
  }
  const port = intVar(env, 'METRICS_PORT', 9464, 0, 65535);
  if (expose === 'port' && port !== 0 && port === gateway.port) {
    throw new ConfigError(`METRICS_PORT must differ from PORT (${port}): METRICS=port serves metrics on a listener of their own`);
  }
  const tracingOn = endpoint !== undefined && tracesExporter !== 'none' && !boolVar(env, 'OTEL_SDK_DISABLED', false);
  return {
    metrics: { expose, path, host: env.METRICS_HOST || gateway.host, port, processMetrics: boolVar(env, 'METRICS_PROCESS', false) },
    accessLog: boolVar(env, 'ACCESS_LOG', true),
    logLevel,
    tracing: tracingOn ? { exporter: 'otlp', endpoint } : false,
  };
}

/** An endpoint AWS itself serves (a regional, FIPS, dual-stack or VPC endpoint) is real AWS. */
function liveInsightsVars(env: NodeJS.ProcessEnv): LiveInsightsSettings {
  const d = DEFAULT_LIVE_INSIGHTS_SETTINGS;
  return {
    pollIntervalMs: intVar(env, 'LIVE_INSIGHTS_POLL_INTERVAL_MS', d.pollIntervalMs, 100, 3_600_000),
    // LookupEvents holds 90 days of events.
    lookbackSeconds: intVar(env, 'LIVE_INSIGHTS_LOOKBACK_SECONDS', d.lookbackSeconds, 60, 90 * 86_400),
    // AWS: LookupEvents is limited to 2 transactions per second per account and Region.
    callsPerSecond: intVar(env, 'LIVE_INSIGHTS_CALLS_PER_SECOND', d.callsPerSecond, 1, 2),
    leaseTtlMs: intVar(env, 'LIVE_INSIGHTS_LEASE_TTL_MS', d.leaseTtlMs, 300, 600_000),
    replayMaxNotices: intVar(env, 'LIVE_INSIGHTS_REPLAY_MAX_EVENTS', d.replayMaxNotices, 1, 1_000_000),
    maxSubscribers: intVar(env, 'LIVE_INSIGHTS_MAX_SUBSCRIBERS', d.maxSubscribers, 0, 1_000_000),
    maxSubscribersPerCaller: intVar(env, 'LIVE_INSIGHTS_MAX_SUBSCRIBERS_PER_CALLER', d.maxSubscribersPerCaller, 0, 1_000_000),
  };
}

function isAwsEndpoint(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  const host = new URL(endpoint).hostname;
  return /(^|\.)amazonaws\.com(\.cn)?$/.test(host) || /(^|\.)api\.aws$/.test(host);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const backendRaw = env.CLOUDTRAIL_BACKEND ?? 'emulator';
  if (backendRaw !== 'emulator' && backendRaw !== 'aws') {
    throw new ConfigError(`CLOUDTRAIL_BACKEND must be "emulator" or "aws", got "${backendRaw}"`);
  }
  const endpoint = env.CLOUDTRAIL_ENDPOINT || undefined;
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigError(`CLOUDTRAIL_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`CLOUDTRAIL_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
    }
  }
  const accountId = env.EMULATOR_ACCOUNT_ID || undefined;
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new ConfigError(`EMULATOR_ACCOUNT_ID must be 12 digits, got "${accountId}"`);
  }
  const corsOrigins = (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS must be * or a comma-separated list of origins such as https://app.example.com, got "${origin}"`);
    }
  }
  const corsAllowCredentials = boolVar(env, 'CORS_ALLOW_CREDENTIALS', false);
  if (corsAllowCredentials && corsOrigins.includes('*')) {
    // Browsers refuse credentials with a wildcard origin; echoing every origin instead would hand
    // any site the user's credentials.
    throw new ConfigError('CORS_ALLOW_CREDENTIALS=true needs CORS_ORIGINS to list origins, not *');
  }
  const persistedOperationsOnly = boolVar(env, 'PERSISTED_OPERATIONS_ONLY', false);
  const realAws = backendRaw === 'aws' || isAwsEndpoint(endpoint);
  const defaultRegion =
    regionVar(env, 'AWS_REGION') ?? regionVar(env, 'AWS_DEFAULT_REGION') ?? (backendRaw === 'emulator' ? 'us-east-1' : undefined);
  const clockNow = timeVar(env, 'CLOCK_NOW');
  const auth = authConfig(env, production, realAws);
  return {
    port: intVar(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    backend: backendRaw,
    cloudTrailEndpoint: endpoint,
    defaultRegion,
    gateway: {
      reportAwsCalls: boolVar(env, 'REPORT_AWS_CALLS', !production),
      // GraphiQL sends arbitrary documents (introspection first), so it is off by default when only
      // persisted operations are accepted, and in production.
      graphiql: boolVar(env, 'GRAPHIQL', !persistedOperationsOnly && !production),
      corsOrigins,
      corsAllowCredentials,
      persistedOperationsOnly,
      maxQueryDepth: intVar(env, 'MAX_QUERY_DEPTH', DEFAULT_MAX_QUERY_DEPTH, 1, 100),
      maxQueryCost: intVar(env, 'MAX_QUERY_COST', DEFAULT_MAX_QUERY_COST, 1, 1_000_000),
      maxAwsCallsPerRequest: intVar(env, 'MAX_AWS_CALLS_PER_REQUEST', DEFAULT_MAX_AWS_CALLS_PER_REQUEST, 1, 100_000),
      requestLimits: requestLimitsVars(env),
      awsCallTimeoutMs: intVar(env, 'AWS_CALL_TIMEOUT_MS', DEFAULT_AWS_CALL_TIMEOUT_MS, 100, 600_000),
      requestDeadlineMs: intVar(env, 'REQUEST_DEADLINE_MS', DEFAULT_REQUEST_DEADLINE_MS, 100, 3_600_000),
      awsCallRateLimit: awsCallRateLimitVars(env),
      introspection: boolVar(env, 'INTROSPECTION', !production),
      fieldSuggestions: boolVar(env, 'FIELD_SUGGESTIONS', !production),
      readinessTimeoutMs: intVar(env, 'READINESS_TIMEOUT_MS', DEFAULT_READINESS_TIMEOUT_MS, 100, 60_000),
      insights: {
        cache: insightsCacheVars(env),
        // CLOCK_NOW: Insights windows are planned on the same fixed "now" as the emulator's.
        now: clockNow ? () => new Date(clockNow.getTime()) : undefined,
      },
      authentication: auth.settings,
      ...cursorSecretVar(env),
    },
    clockNow,
    fleet: fleetConfig(env),
    emulator: {
      port: intVar(env, 'EMULATOR_PORT', 0, 0, 65535),
      seedDemo: boolVar(env, 'EMULATOR_SEED_DEMO', true),
      logs: listVar(env, 'EMULATOR_LOGS'),
      replayRecent: boolVar(env, 'EMULATOR_REPLAY_RECENT', true),
      accountId,
      admin: boolVar(env, 'EMULATOR_ADMIN', false),
      ingestDirs: listVar(env, 'EMULATOR_INGEST_DIRS'),
      // 0 (the default) leaves the store unbounded.
      maxEvents: intVar(env, 'EMULATOR_MAX_EVENTS', 0, 0, 1_000_000_000) || undefined,
      organizationFile: env.EMULATOR_ORGANIZATION_FILE || undefined,
    },
    awsMaxAttempts: intVar(env, 'AWS_MAX_ATTEMPTS', 3, 1, 10),
    awsMaxSockets: intVar(env, 'AWS_MAX_SOCKETS', DEFAULT_MAX_SOCKETS_PER_REGION, 1, 4096),
    awsKeepAlive: boolVar(env, 'AWS_KEEP_ALIVE', DEFAULT_KEEP_ALIVE),
    heapGrowingPercent: intVar(env, 'HEAP_GROWING_PERCENT', DEFAULT_HEAP_GROWING_PERCENT, 0, 400),
    production,
    realAws,
    auth,
    audit: auditConfig(env),
    mutationRole: mutationRoleConfig(env),
    organization: organizationConfig(env, defaultRegion),
    stsEndpoint: httpUrlVar(env, 'STS_ENDPOINT'),
    organizationsEndpoint: httpUrlVar(env, 'ORGANIZATIONS_ENDPOINT'),
    accountEndpoint: httpUrlVar(env, 'ACCOUNT_ENDPOINT'),
    liveInsights: liveInsightsVars(env),
    observability: observabilityConfig(env, production, { host: env.HOST || '0.0.0.0', port: intVar(env, 'PORT', 4000, 0, 65535) }),
  };
}
