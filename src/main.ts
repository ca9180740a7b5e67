import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RotatingFileAuditSink, stdoutAuditSink, type AuditSink } from './audit/audit-sinks.js';
import { resolveAccountId } from './aws/account.js';
import { CloudTrailClients } from './aws/clients.js';
import { QuotaBuckets } from './fleet/quota-buckets.js';
import { FleetRedis } from './fleet/redis.js';
import { MutationRoleClients } from './aws/mutation-role.js';
import { OrganizationAccounts } from './aws/organization.js';
import { DEFAULT_ROLE_SESSION_NAME, type OrganizationSettings } from './organization-config.js';
import {
  demoAccounts,
  DEMO_REGIONS,
  DEMO_SECURITY_ACCOUNT_ID,
  DEMO_WORKLOADS_ACCOUNT_ID,
  INSIGHTS_READER_ROLE,
} from './emulator/organization/demo.js';
import { ConfigError, loadConfig, type GatewayConfig } from './config.js';
import { setHeapGrowingPercent } from './heap-growth.js';
import { FailoverInsightFeed } from './live/failover-feed.js';
import { LiveInsights } from './live/live-insights.js';
import { RedisInsightFeed, RedisPollerLease } from './live/redis-feed.js';
import { GatewayMetrics } from './observability/metrics.js';
import { createMetricsServer } from './observability/metrics-server.js';
import { createLogger } from './observability/logger.js';
import { createGateway, type GatewayOptions } from './server.js';
import { DEFAULT_ACCOUNT_ID, startEmulator } from './emulator/index.js';
import { SAMPLE_LOGS_DIR } from './emulator/ingest/index.js';
import { AccountsConfigError, readAccountsConfigFile } from './emulator/organization/accounts.js';

/**
 * Entry point: read configuration, start the embedded emulator when no other backend is
 * configured, then serve the gateway. The only module that knows both gateway and emulator.
 */

/** In-flight requests get this long to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

function readConfig(): GatewayConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

const config = readConfig();

let endpoint = config.cloudTrailEndpoint;
let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
let stopEmulator: (() => Promise<void>) | undefined;
/** The embedded emulator holds its demo organization. */
let embeddedDemo = false;
if (config.backend === 'emulator' && endpoint === undefined) {
  const { seedDemo, logs, replayRecent, admin, ingestDirs, maxEvents, organizationFile } = config.emulator;
  let organization;
  try {
    organization = organizationFile === undefined ? undefined : await readAccountsConfigFile(organizationFile);
  } catch (err) {
    if (!(err instanceof AccountsConfigError)) throw err;
    console.error(`Configuration error: EMULATOR_ORGANIZATION_FILE ${err.message}`);
    process.exit(1);
  }
  const emulator = await startEmulator({
    port: config.emulator.port,
    accountId: config.emulator.accountId,
    organization,
    seed: seedDemo ? 'demo' : undefined,
    logs: [...(seedDemo ? [SAMPLE_LOGS_DIR] : []), ...logs],
    replayRecent,
    now: config.clockNow,
    // Start-up seeds and ingests in-process; the admin API is only for an operator who asks for it.
    admin,
    ingestDirs,
    maxEvents,
  });
  endpoint = emulator.url;
  embeddedDemo = seedDemo && organization === undefined;
  stopEmulator = emulator.close;
  console.log(`Embedded CloudTrail emulator on ${emulator.url}${seedDemo ? ' with demo data' : ''}${admin ? ' (admin API on for loopback clients)' : ''}`);
  const ingested = emulator.ingestReport;
  if (ingested) {
    const shifted = ingested.shiftedBySeconds
      ? `, moved ${Math.round(ingested.shiftedBySeconds / 86_400)} days forward to end minutes ago`
      : '';
    console.log(`Ingested ${ingested.added} events from ${ingested.files} log files${shifted}`);
    for (const problem of ingested.problems) {
      console.warn(`Log ingest skipped ${problem.source}${problem.position ? ` (${problem.position})` : ''}: ${problem.message}`);
    }
    if (ingested.limit) console.warn(`Log ingest stopped: ${ingested.limit.message}`);
  }
}
if (config.backend === 'emulator') {
  // The emulator ignores credentials but the SDK signs every request: give it static ones.
  credentials = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };
}

const connection = {
  endpoint,
  defaultRegion: config.defaultRegion,
  credentials,
  maxAttempts: config.awsMaxAttempts,
  maxSockets: config.awsMaxSockets,
  keepAlive: config.awsKeepAlive,
};
const clients = new CloudTrailClients(connection);
/** The audit sink; a file that cannot be opened stops start-up rather than the first mutation. */
async function openAuditSink({ audit }: GatewayConfig): Promise<AuditSink> {
  if (audit.sink === 'stdout') return stdoutAuditSink();
  const file = new RotatingFileAuditSink(audit.path, { maxBytes: audit.maxBytes, maxFiles: audit.maxFiles });
  try {
    await file.open();
  } catch (err) {
    console.error(`Cannot open AUDIT_LOG ${audit.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    process.exit(1);
  }
  return file;
}
const auditSink = await openAuditSink(config);
// STS defaults to the emulator (which answers AssumeRole on its own port) when the backend is one.
const mutationRole = config.mutationRole
  ? new MutationRoleClients(
      connection,
      { ...config.mutationRole, stsEndpoint: config.mutationRole.stsEndpoint ?? (config.backend === 'emulator' ? endpoint : undefined) },
    )
  : undefined;

/** REDIS_URL: this process is one replica of a fleet sharing its cache and CloudTrail quotas. */
async function joinFleet({ fleet }: GatewayConfig): Promise<GatewayOptions['fleet']> {
  if (fleet.redisUrl === undefined) return undefined;
  const redis = new FleetRedis(fleet.redisUrl);
  const stsEndpoint = config.mutationRole?.stsEndpoint ?? (config.backend === 'emulator' ? endpoint : undefined);
  const [state, account] = await Promise.all([
    redis.waitUntilReady(3000),
    resolveAccountId({ endpoint, defaultRegion: config.defaultRegion, credentials, stsEndpoint }),
  ]);
  if (state !== 'ready') {
    console.warn(`WARNING: Redis at ${redis.displayUrl} unreachable at start: this replica caches and spends CloudTrail quotas on its own until it is; /readyz says degraded`);
  }
  if (account === undefined) console.warn('WARNING: STS GetCallerIdentity did not answer: shared keys name the account "unknown"');
  const quotas = fleet.quotaBucket === 'shared' ? 'shared cache and CloudTrail quota buckets' : 'shared cache';
  console.log(`Fleet: ${quotas} in Redis at ${redis.displayUrl} for account ${account ?? 'unknown'}`);
  return { redis, account: account ?? 'unknown', singleFlightWaitMs: fleet.singleFlightWaitMs };
}
const fleet = await joinFleet(config);
// Member accounts: their roles are assumed with the gateway's own credentials; STS and
// Organizations default to the emulator (which answers both on its own port) when the backend is one.
const emulatorEndpoint = config.backend === 'emulator' ? endpoint : undefined;
/**
 * Without ORG_ACCOUNTS, the embedded emulator's demo organization (when no other organization file
 * replaces it) is the organization view, so the GraphiQL tab OrganizationInsightsOverview answers
 * on `npm start`: its two member accounts, read through their CloudTrailInsightsReader role.
 */
function demoOrganization(): OrganizationSettings | undefined {
  if (!embeddedDemo) return undefined;
  return {
    // The members' names come from the emulator's own demo organization, as discovery would read them.
    accounts: demoAccounts(DEFAULT_ACCOUNT_ID)
      .accounts.filter(({ id }) => id === DEMO_SECURITY_ACCOUNT_ID || id === DEMO_WORKLOADS_ACCOUNT_ID)
      .map(({ id, name }) => ({
        id,
        ...(name ? { name } : {}),
        roleArn: `arn:aws:iam::${id}:role/${INSIGHTS_READER_ROLE}`,
        sessionName: DEFAULT_ROLE_SESSION_NAME,
        regions: DEMO_REGIONS,
      })),
    sessionSeconds: 3600,
    maxConcurrencyPerRegion: 4,
    maxShards: 300,
  };
}
const organizationSettings = config.organization ?? demoOrganization();
const organization = organizationSettings
  ? new OrganizationAccounts(organizationSettings, {
      ...connection,
      sts: { ...((config.stsEndpoint ?? emulatorEndpoint) ? { endpoint: config.stsEndpoint ?? emulatorEndpoint } : {}) },
      organizationsEndpoint: config.organizationsEndpoint ?? emulatorEndpoint,
      accountApiEndpoint: config.accountEndpoint ?? emulatorEndpoint,
    })
  : undefined;
const awsQuota: GatewayOptions['awsQuota'] =
  config.fleet.quotaBucket === 'off'
    ? undefined
    : {
        buckets: new QuotaBuckets({
          quotas: config.fleet.quotas,
          share: config.fleet.quotaShare,
          redis: config.fleet.quotaBucket === 'shared' ? fleet?.redis : undefined,
          account: fleet?.account,
        }),
        maxWaitMs: config.fleet.quotaMaxWaitMs,
      };

const { observability } = config;
const metrics = observability.metrics.expose === 'off' ? undefined : new GatewayMetrics({ processMetrics: observability.metrics.processMetrics });
// Off unless an OTLP endpoint is configured: no provider, no spans, no cost.
const tracing = observability.tracing ? (await import('./observability/tracing.js')).startOtlpTracing() : undefined;
const logger = createLogger(observability.logLevel);

// Live Insights: one poller per Region in this process, while anyone subscribes.
// With REDIS_URL the replicas share the feed and one of them (the lease holder) polls; while Redis
// is down each replica with subscribers polls on its own.
const liveInsights = new LiveInsights({
  clients,
  quota: awsQuota?.buckets,
  settings: config.liveInsights,
  ...(fleet
    ? {
        feed: new FailoverInsightFeed(
          fleet.redis,
          new RedisInsightFeed(fleet.redis, config.liveInsights.replayMaxNotices),
          new RedisPollerLease(fleet.redis.client, config.liveInsights.leaseTtlMs),
          config.liveInsights.replayMaxNotices,
        ),
        accountId: () => Promise.resolve(fleet.account),
      }
    : {}),
  now: config.gateway.insights.now,
  callTimeoutMs: config.gateway.awsCallTimeoutMs,
  onSubscribersChanged: metrics?.onSubscribersChanged,
});
const gateway = createGateway({
  ...config.gateway,
  clients,
  liveInsights,
  audit: { sink: auditSink },
  mutationRole,
  fleet,
  organization,
  metrics,
  metricsEndpoint: observability.metrics.expose === 'gateway' ? observability.metrics.path : false,
  tracing,
  accessLog: observability.accessLog ? logger : undefined,
  awsQuota,
});
// After the embedded emulator's start-up ingest, which a tight heap would only slow down.
setHeapGrowingPercent(config.heapGrowingPercent);
const metricsServer = metrics && observability.metrics.expose === 'port' ? createMetricsServer(metrics, observability.metrics.path) : undefined;
if (metricsServer) {
  const { host, port, path } = observability.metrics;
  metricsServer.once('error', (err: NodeJS.ErrnoException) => {
    console.error(`Cannot listen for metrics on ${host}:${port}: ${err.code ?? err.message}`);
    process.exit(1);
  });
  metricsServer.listen(port, host, () => {
    console.log(`Prometheus metrics on http://${host}:${(metricsServer.address() as AddressInfo).port}${path} (METRICS=port)`);
  });
}
const server = createServer(gateway);
server.once('error', (err: NodeJS.ErrnoException) => {
  console.error(`Cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const backend = config.backend === 'aws' && endpoint === undefined ? 'AWS (SDK default credentials and region)' : endpoint;
  console.log(`CloudTrail backend: ${backend}`);
  console.log(`Authentication: ${describeAuthentication(config)}`);
  console.log(`Mutation audit log: ${auditSink.description}`);
  if (config.mutationRole) console.log(`Changes made as ${config.mutationRole.roleArn}, assumed per caller with SourceIdentity`);
  if (organizationSettings) {
    const { accounts, discovery } = organizationSettings;
    console.log(`Organization view: ${accounts.length} ${config.organization ? 'configured' : "demo member"} account${accounts.length === 1 ? '' : 's'}${discovery ? ', and member accounts discovered with Organizations ListAccounts' : ''}`);
  }
  if (config.auth.openBecause === 'auth-none' && (config.production || config.realAws)) {
    console.warn(
      'WARNING: AUTH=none: anyone who can reach this gateway can read CloudTrail and change event and Insights selectors. Configure AUTH_JWT_* or AUTH_API_KEYS_FILE.',
    );
  }
  if (observability.metrics.expose === 'gateway') console.log(`Prometheus metrics on http://${shownHost}:${port}${observability.metrics.path}`);
  if (observability.tracing) console.log(`Tracing: OTLP/HTTP to ${observability.tracing.endpoint}`);
  console.log(`GraphQL gateway on http://${shownHost}:${port}/graphql${config.gateway.graphiql ? ' (open it in a browser for GraphiQL)' : ''}`);
});

function describeAuthentication({ auth }: GatewayConfig): string {
  if (auth.mode === 'open') {
    const why = auth.openBecause === 'auth-none' ? 'AUTH=none' : 'local emulator';
    return `open (${why}): no credentials needed, every caller holds every scope`;
  }
  const { jwt, apiKeys } = auth.settings;
  const parts: string[] = [];
  if (jwt) parts.push(`bearer JWTs from ${jwt.issuer} (${jwt.jwksUrl ? `JWKS ${jwt.jwksUrl.href}` : 'key file'})`);
  if (apiKeys && apiKeys.length > 0) parts.push(`${apiKeys.length} API key${apiKeys.length === 1 ? '' : 's'}`);
  return `required: ${parts.join(' and ')}; callers without credentials get no scopes`;
}

let shuttingDown = false;
function shutdown(signal: string): void {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal}: finishing in-flight requests, then stopping`);
  // Exit even if a client holds a connection open past the grace period.
  setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  // Subscriptions are endless requests: end them, or the server never finishes closing.
  void liveInsights.close();
  server.close(() => {
    clients.destroy();
    void auditSink.close();
    mutationRole?.destroy();
    void fleet?.redis.close();
    organization?.destroy();
    metricsServer?.close();
    // Spans still buffered are sent before exit.
    void Promise.all([stopEmulator?.(), tracing?.shutdown()]).finally(() => process.exit(0));
  });
  server.closeIdleConnections();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
