import { createServer } from 'node:http';
import { CloudTrailClients } from './aws/clients.js';
import { ConfigError, loadConfig } from './config.js';
import { createGateway } from './server.js';
import { startEmulator } from './emulator/index.js';

/**
 * Entry point: read configuration, start the embedded emulator when no other backend is
 * configured, then serve the gateway. The only module that knows both gateway and emulator.
 */
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

let endpoint = config.cloudTrailEndpoint;
let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
let stopEmulator: (() => Promise<void>) | undefined;
if (config.backend === 'emulator' && endpoint === undefined) {
  const emulator = await startEmulator({ port: config.emulator.port, accountId: config.emulator.accountId });
  endpoint = emulator.url;
  stopEmulator = emulator.close;
  console.log(`Embedded CloudTrail emulator on ${emulator.url}`);
}
if (config.backend === 'emulator') {
  // The emulator ignores credentials but the SDK signs every request: give it static ones.
  credentials = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };
}

const clients = new CloudTrailClients({
  endpoint,
  defaultRegion: config.defaultRegion,
  credentials,
  maxAttempts: config.awsMaxAttempts,
});
const gateway = createGateway({
  clients,
  reportAwsCalls: config.reportAwsCalls,
  graphiql: config.graphiql,
  corsOrigins: config.corsOrigins,
});
const server = createServer(gateway);
server.listen(config.port, config.host, () => {
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`GraphQL gateway on http://${shownHost}:${config.port}/graphql (GraphiQL in a browser)`);
});

const shutdown = () => {
  server.close();
  clients.destroy();
  void (stopEmulator?.() ?? Promise.resolve()).then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
