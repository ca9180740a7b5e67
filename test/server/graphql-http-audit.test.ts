import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';

/**
 * graphql-http's audit of the GraphQL-over-HTTP specification, over real HTTP: the gateway passes
 * every MUST and SHOULD, and every MAY that a bare graphql-yoga serving the same schema passes
 * (what the gateway's plugins add must not cost any of them).
 */

let gateway: HttpGateway;
let bare: Server;
let bareUrl: string;
let gatewayResults: AuditResult[];
let bareResults: AuditResult[];

beforeAll(async () => {
  gateway = await startHttpGateway();
  bare = createServer(createYoga({ schema, graphiql: false, logging: false }));
  await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
  bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql`;
  [gatewayResults, bareResults] = await Promise.all([auditServer({ url: gateway.url }), auditServer({ url: bareUrl })]);
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  bare?.closeAllConnections();
  await new Promise<void>((done) => (bare ? bare.close(() => done()) : done()));
});

/** "MUST ... (reason)" for each audit that did not pass, to read in a failure. */
function failures(results: AuditResult[], requirement: 'MUST' | 'SHOULD' | 'MAY'): string[] {
  return results
    .filter((r) => r.name.startsWith(requirement) && r.status !== 'ok')
    .map((r) => `${r.name}${'reason' in r ? ` (${r.reason})` : ''}`);
}

describe('graphql-http audit of the gateway', () => {
  it('runs every audit', () => {
    expect(gatewayResults.length).toBeGreaterThan(50);
    expect(gatewayResults.map((r) => r.id).sort()).toEqual(bareResults.map((r) => r.id).sort());
  });

  it('passes every MUST', () => {
    expect(failures(gatewayResults, 'MUST')).toEqual([]);
  });

  it('passes every SHOULD', () => {
    expect(failures(gatewayResults, 'SHOULD')).toEqual([]);
  });

  it('passes every MAY that a bare graphql-yoga with the same schema passes', () => {
    const bareOk = new Set(bareResults.filter((r) => r.name.startsWith('MAY') && r.status === 'ok').map((r) => r.id));
    const lost = gatewayResults.filter((r) => bareOk.has(r.id) && r.status !== 'ok').map((r) => `${r.name}${'reason' in r ? ` (${r.reason})` : ''}`);
    expect(lost).toEqual([]);
  });
});
