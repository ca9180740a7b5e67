import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';

/**
 * compose.yaml, checked without a Docker engine: parsed as YAML and held to the rules of the
 * Compose specification that matter here (known keys, an image or a build per service, depends_on
 * naming services that exist with a valid condition, and a health check where it waits for one,
 * well-formed ports, bind mounts that exist), and its wiring to this project: the gateways'
 * environment is a configuration the gateway accepts, pointing at the Redis and emulator services,
 * and nginx balances over exactly the gateway services on their port.
 */

type Service = Record<string, unknown> & {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
};

const compose = parse(readFileSync('compose.yaml', 'utf8')) as Record<string, unknown> & { services: Record<string, Service> };
const services = compose.services;
const nginx = readFileSync('deploy/nginx.conf', 'utf8');

/** Top-level and service keys of the Compose specification (compose-spec.io), those a file like this may use. */
const TOP_LEVEL_KEYS = new Set(['name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'include']);
const SERVICE_KEYS = new Set([
  'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'depends_on', 'ports', 'expose', 'volumes',
  'healthcheck', 'restart', 'deploy', 'networks', 'labels', 'user', 'working_dir', 'stop_grace_period', 'stop_signal',
  'read_only', 'tmpfs', 'logging', 'configs', 'secrets', 'init', 'ulimits', 'cap_drop', 'security_opt',
]);
const CONDITIONS = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

const gateways = Object.entries(services).filter(([, service]) => service.environment?.REDIS_URL !== undefined);
const dependenciesOf = (service: Service): Record<string, { condition: string }> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, { condition: 'service_started' }]))
    : (service.depends_on ?? {});

describe('compose.yaml', () => {
  it('uses only Compose specification keys, and each service has an image or a build whose Dockerfile exists', () => {
    for (const key of Object.keys(compose)) expect(TOP_LEVEL_KEYS.has(key) || key.startsWith('x-'), key).toBe(true);
    for (const [name, service] of Object.entries(services)) {
      for (const key of Object.keys(service)) expect(SERVICE_KEYS.has(key), `${name}.${key}`).toBe(true);
      expect(service.image !== undefined || service.build !== undefined, `${name} needs image or build`).toBe(true);
      if (service.build !== undefined) {
        const context = typeof service.build === 'string' ? service.build : service.build.context;
        const dockerfile = typeof service.build === 'string' ? 'Dockerfile' : (service.build.dockerfile ?? 'Dockerfile');
        expect(existsSync(`${context}/${dockerfile}`), `${name}: ${context}/${dockerfile}`).toBe(true);
      }
    }
  });

  it('runs two gateway replicas, Redis and a load balancer in front', () => {
    expect(gateways.map(([name]) => name)).toHaveLength(2);
    expect(Object.values(services).filter((service) => service.image?.startsWith('redis:'))).toHaveLength(1);
    expect(Object.values(services).filter((service) => service.image?.startsWith('nginx:'))).toHaveLength(1);
  });

  it('depends_on names services that exist, with valid conditions, and waits for health only where there is a health check', () => {
    const dockerfileHasHealthcheck = /^HEALTHCHECK /m.test(readFileSync('Dockerfile', 'utf8'));
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(dependenciesOf(service))) {
        expect(services[target], `${name} depends on ${target}`).toBeDefined();
        expect(CONDITIONS.has(condition), `${name} -> ${target}: ${condition}`).toBe(true);
        if (condition === 'service_healthy') {
          const dependency = services[target];
          expect(dependency.healthcheck !== undefined || (dependency.build !== undefined && dockerfileHasHealthcheck), `${target} has no health check`).toBe(true);
        }
      }
    }
  });

  it('publishes only the load balancer, on well-formed ports, and mounts files that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) {
        expect(port, name).toMatch(/^(\d{1,5}:)?\d{1,5}$/);
        for (const n of port.split(':')) expect(Number(n)).toBeLessThanOrEqual(65535);
      }
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source.startsWith('.')) expect(existsSync(source), `${name}: ${source}`).toBe(true);
      }
    }
    const published = Object.entries(services).filter(([, service]) => (service.ports ?? []).length > 0);
    expect(published.map(([, service]) => service.image?.split(':')[0])).toEqual(['nginx']);
    const containerPort = published[0][1].ports?.[0].split(':').at(-1);
    expect(nginx).toMatch(new RegExp(`^\\s*listen ${containerPort};`, 'm'));
    expect(published[0][1].volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
  });

  it("gives each gateway a configuration the gateway accepts, on the compose file's Redis and emulator", () => {
    const redisService = Object.entries(services).find(([, service]) => service.image?.startsWith('redis:'))?.[0];
    for (const [name, gateway] of gateways) {
      // As in the image: NODE_ENV=production (Dockerfile), plus the service's environment.
      const config = loadConfig({ NODE_ENV: 'production', ...gateway.environment });
      expect(config.fleet.redisUrl, name).toBe(`redis://${redisService}:6379`);
      expect(config.fleet.quotaBucket).toBe('shared');
      const endpoint = new URL(config.cloudTrailEndpoint ?? '');
      const emulator = services[endpoint.hostname];
      expect(emulator?.command, `${name}: ${endpoint.hostname}`).toEqual(expect.arrayContaining(['src/emulator/cli.ts', '--host', '0.0.0.0', '--port', endpoint.port]));
      expect(Object.keys(dependenciesOf(gateway)).sort()).toEqual([endpoint.hostname, redisService].sort());
    }
  });

  it('nginx balances over exactly the gateway services, on their port, and passes the request id on', () => {
    const upstream = [...nginx.matchAll(/^\s*server ([\w-]+):(\d+)/gm)].map(([, host, port]) => `${host}:${port}`);
    expect(upstream.sort()).toEqual(gateways.map(([name, gateway]) => `${name}:${gateway.environment?.PORT}`).sort());
    expect(nginx).toContain('proxy_set_header X-Request-Id');
    const braces = [...nginx.replace(/#.*$/gm, '')].reduce((depth, c) => (depth < 0 ? depth : depth + (c === '{' ? 1 : c === '}' ? -1 : 0)), 0);
    expect(braces).toBe(0);
  });
});
