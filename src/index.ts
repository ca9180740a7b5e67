/**
 * The gateway as a library: build it (createGateway, over CloudTrailClients), configure it from the
 * environment (loadConfig: spread `config.gateway` into createGateway), and branch on its error
 * codes. Everything not exported here is internal and may change.
 */
export { createGateway, type Gateway, type GatewayOptions } from './server.js';
export { ConfigError, loadConfig, type Backend, type GatewayConfig, type GatewaySettings } from './config.js';
export { CloudTrailClients, type CloudTrailConnection } from './aws/clients.js';
export { GatewayErrorCode } from './gateway-errors.js';
