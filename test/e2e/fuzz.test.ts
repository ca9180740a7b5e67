import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';

/**
 * Schema-driven fuzzing over real HTTP: the schema is read by introspecting the running gateway (over
 * the emulator with its demo data), then every query and mutation field is sent random and boundary
 * arguments. Whatever the input, the gateway must answer without a 5xx, give every error a code, leak
 * no stack trace or file path, and stay up. The seed is printed; FUZZ_SEED=<n> replays a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2_000);
const CONCURRENCY = 8;

/** mulberry32: a small deterministic PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number): boolean => random() < p;

/** Values that sit on or past the rules CloudTrail and the gateway apply. */
const STRINGS = [
  '', ' ', 'a', 'ab', 'abc', 'management-events', 'demo', 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(2_049), 'x'.repeat(5_000),
  'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events', 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/x',
  'arn:aws:cloudtrail:mars-1:123:trail/x', 'arn:aws:s3:::bucket', 'arn:', 'us-east-1', 'eu-west-3', 'xx-nowhere-9', 'cn-north-1',
  '日本語🚀', '\u0000', '\u202e', '<script>alert(1)</script>', '../../etc/passwd', "'; DROP TABLE trails;--", '%s%n', '{"a":1}',
  'null', 'undefined', '-1', '1e309', 'NaN', 'ApiCallRateInsight', 'eventName', 'Insight', 'bucket/prefix/', '   padded   ',
  'VHJhaWw6YXJuOmF3czpjbG91ZHRyYWlsOnVzLWVhc3QtMToxMjM0NTY3ODkwMTI6dHJhaWwvbWFuYWdlbWVudC1ldmVudHM=', 'VHJhaWw6', '!!!',
  '2023-07-10T12:00:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2023-13-45T99:99:99Z', 'yesterday',
];
/** Plausible values, so that half the requests get past validation and reach the emulator. */
const SANE_STRINGS = [
  'management-events', 'demo', 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events', 'us-east-1', 'us-west-2',
  'ec2.amazonaws.com', 'RunInstances', 'AccessDenied', '2023-07-10T12:00:00Z', new Date(Date.now() - 3_600_000).toISOString(),
];
let sane = false;
const INTS = [0, 1, -1, 2, 5, 20, 50, 60, 99, 100, 101, 300, 3_600, 86_400, 2_147_483_647, -2_147_483_648, 2_147_483_648, 1e15, 0.5, -0.0];
const FLOATS = [0, -1, 0.5, 1e308, -1e308, 3.14, 1e-300];

function scalarValue(name: string): unknown {
  if (sane) {
    if (/Int$/.test(name)) return pick([1, 5, 20, 60, 300]);
    if (/Float$/.test(name)) return pick([0, 1.5]);
    if (name === 'Boolean') return chance(0.5);
    return pick(SANE_STRINGS);
  }
  switch (name) {
    case 'Int':
    case 'NonNegativeInt':
    case 'PositiveInt':
      return chance(0.9) ? pick(INTS) : pick(STRINGS);
    case 'Float':
    case 'NonNegativeFloat':
      return chance(0.9) ? pick(FLOATS) : pick(INTS);
    case 'Boolean':
      return chance(0.9) ? chance(0.5) : pick(['true', 0, 1]);
    case 'DateTime':
      return chance(0.8) ? pick(STRINGS.filter((s) => /\d{4}-/.test(s)).concat([new Date(Date.now() - random() * 9e10).toISOString()])) : pick([...STRINGS, ...INTS]);
    case 'JSONObject':
      return pick([{}, { a: 1 }, [], 'x', { nested: { deep: [1, 2, 3] } }]);
    default:
      return chance(0.95) ? pick(STRINGS) : pick(INTS);
  }
}

/** A value for `type`: mostly well-typed and on the boundaries, sometimes null or of the wrong shape. */
function valueFor(type: GraphQLInputType, depth = 0): unknown {
  if (!sane && chance(0.03)) return null;
  if (isNonNullType(type)) return valueFor(type.ofType, depth);
  if (isListType(type)) {
    if (sane) return Array.from({ length: pick([0, 1, 2]) }, () => valueFor(type.ofType, depth + 1));
    if (depth > 4 || chance(0.05)) return pick([[], 'not-a-list']);
    // Long lists at the top only: a thousand items of a thousand items each would be a 413 every time.
    const length = depth <= 1 ? pick([0, 1, 1, 2, 3, 6, 51, 501, 1_001]) : pick([0, 1, 2, 3]);
    return Array.from({ length }, () => valueFor(type.ofType, depth + 1));
  }
  if (isEnumType(type)) return sane || chance(0.9) ? pick(type.getValues()).name : pick(['NOPE', '', 'apicallrateinsight']);
  if (isInputObjectType(type)) {
    if (depth > 4) return {};
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (!isNonNullType(field.type) && chance(sane ? 0.6 : 0.4)) continue;
      value[field.name] = valueFor(field.type, depth + 1);
    }
    if (!sane && chance(0.05)) value.unknownField = 'x';
    return value;
  }
  return scalarValue(getNamedType(type).name);
}

/** A selection of the scalar fields of `type` and, while `depth` lasts, of the objects below. */
function selectionFor(type: GraphQLOutputType, schema: GraphQLSchema, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named)) {
    // The AwsError members share their fields: one fragment on the interface, and one member in full.
    const members = named.getTypes();
    const awsError = schema.getType('AwsError');
    const shared = awsError && members.some((m) => m.getInterfaces().includes(awsError as never)) ? '... on AwsError { code message retryable outcomeUnknown }' : '';
    const other = members.find((m) => !m.getInterfaces().some((i) => i.name === 'AwsError')) ?? pick(members);
    return `__typename ${shared} ... on ${other.name} { ${selectionFor(other, schema, depth)} }`;
  }
  if (!isObjectType(named) && !isInterfaceType(named)) return '__typename';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth > 0 && chance(0.5)) parts.push(`${field.name} { ${selectionFor(field.type, schema, depth - 1)} }`);
  }
  return parts.join(' ');
}

interface Variant {
  query: string;
  /** The arguments the document declares as variables. */
  args: GraphQLField<unknown, unknown>['args'];
}

/**
 * A document for `field` passing some of its arguments (every required one) as variables, with a
 * random selection below it. A few per field, reused with fresh variables: the gateway's parse and
 * validation cache then keeps the run fast, while the variables carry the fuzzing.
 */
function variantFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, schema: GraphQLSchema): Variant {
  const args = field.args.filter((arg) => isNonNullType(arg.type) || chance(0.6));
  const declared = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`);
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`);
  const selection = selectionFor(field.type, schema, operation === 'mutation' ? 1 : 2);
  const head = declared.length > 0 ? `(${declared.join(', ')})` : '';
  const argList = passed.length > 0 ? `(${passed.join(', ')})` : '';
  return { query: `${operation} Fuzz${head} { ${field.name}${argList}${selection ? ` { ${selection} }` : ''} }`, args };
}

/** `value` written as a GraphQL literal (enum values as bare names when they look like one). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  const named = getNamedType(type);
  if (Array.isArray(value)) {
    const item = isNonNullType(type) ? type.ofType : type;
    return `[${value.map((v) => literal(v, isListType(item) ? item.ofType : item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? named)}`);
    return `{ ${entries.join(', ')} }`;
  }
  if (isEnumType(named) && typeof value === 'string' && /^[_A-Za-z]\w*$/.test(value)) return value;
  return JSON.stringify(value);
}

/**
 * The same field with its arguments written into the document, so that graphql-js's literal
 * validation (and its messages quoting the input) is fuzzed too.
 */
function inlineRequestFor(field: GraphQLField<unknown, unknown>, operation: 'query' | 'mutation'): { query: string; variables: Record<string, unknown> } {
  sane = chance(0.3);
  const args = field.args.filter((arg) => isNonNullType(arg.type) || chance(0.5)).map((arg) => `${arg.name}: ${literal(valueFor(arg.type), arg.type)}`);
  return { query: `${operation} { ${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''} { __typename } }`, variables: {} };
}

/** Request bodies that are not GraphQL requests at all. */
const MALFORMED_BODIES = [
  '', 'null', '[]', '"query"', '{"query": 5}', '{"query": ["{ defaultRegion }"]}', '{"query": "{ defaultRegion }", "variables": "x"}',
  '{"query": "{ defaultRegion }", "extensions": 7}', '{"query": "{ defaultRegion }", "operationName": {}}', '{"documentId": 12}',
  '{"query": "query A { defaultRegion } query B { defaultRegion }"}', '{"query": "{ defaultRegion }", "operationName": "Nope"}',
  '{"query":', '\u0000\u0001', '{"query": "subscription { defaultRegion }"}', '{"query": "{ __proto__ { x } }"}',
];

/** Fresh variables for a variant; now and then one is left out, required or not. */
function requestFor(variant: Variant): { query: string; variables: Record<string, unknown> } {
  sane = chance(0.5);
  const variables: Record<string, unknown> = {};
  for (const arg of variant.args) {
    // Connections page forward only: `last` and `before` are always refused, so sane requests skip them.
    if (sane && !isNonNullType(arg.type) && (arg.name === 'last' || arg.name === 'before' || chance(0.3))) continue;
    if (sane || chance(0.97)) variables[arg.name] = valueFor(arg.type);
  }
  return { query: variant.query, variables };
}

interface Finding {
  request: { query: string; variables: Record<string, unknown> } | string;
  problem: string;
  response: string;
}

let gateway: HttpGateway;
beforeAll(async () => {
  gateway = await startHttpGateway({
    emulator: { seed: 'demo' },
    // Thousands of requests from one address: the per-caller rate limit would answer most of them.
    gateway: { awsCallRateLimit: false, logError: () => undefined },
  });
});
afterAll(() => gateway.close());

const LEAKS = /\bat .+\.(ts|js):\d+|node_modules|\/(work|home|srv|usr|tmp)\/|\.ts:\d+|Error: .*\n\s+at /;

describe('schema-driven fuzzing', () => {
  it(`answers ${REQUESTS} random and boundary argument sets on every query and mutation field without a 5xx, an uncoded error or a leak`, async () => {
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const introspection = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    const schema = buildClientSchema(((await introspection.json()) as { data: IntrospectionQuery }).data);
    const fields = [
      ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ['query', field] as const),
      ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ['mutation', field] as const),
    ];
    expect(fields.length).toBeGreaterThan(10);
    const variants = fields.map(([operation, field]) => Array.from({ length: 4 }, () => variantFor(operation, field, schema)));
    const requests = Array.from({ length: REQUESTS }, (_, i): { query: string; variables: Record<string, unknown> } | string => {
      const [operation, field] = fields[i % fields.length];
      const kind = random();
      if (kind < 0.03) return pick(MALFORMED_BODIES);
      if (kind < 0.13) return inlineRequestFor(field, operation);
      return requestFor(pick(variants[i % variants.length]));
    });

    const findings: Finding[] = [];
    const codes = new Map<string, number>();
    let answered = 0;
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const res = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: typeof request === 'string' ? request : JSON.stringify(request),
        });
        const text = await res.text();
        const report = (problem: string) => findings.push({ request, problem, response: text.slice(0, 600) });
        if (res.status >= 500) report(`HTTP ${res.status}`);
        if (LEAKS.test(text)) report('stack trace or file path');
        let body: { data?: unknown; errors?: { message: string; extensions?: { code?: unknown } }[] };
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          report('not JSON');
          continue;
        }
        if (body.errors === undefined) answered += 1;
        for (const error of body.errors ?? []) {
          const code = error.extensions?.code;
          if (typeof code !== 'string') report(`error without extensions.code: ${error.message.slice(0, 120)}`);
          else codes.set(code, (codes.get(code) ?? 0) + 1);
          if (code === 'INTERNAL_SERVER_ERROR') report('unexpected error');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    console.log(`fuzz: ${REQUESTS} requests over ${fields.length} fields, ${answered} without errors; error codes ${JSON.stringify(Object.fromEntries(codes))}`);
    if (findings.length > 0) console.log(JSON.stringify(findings.slice(0, 5), null, 2).slice(0, 6_000));
    expect(findings.map((f) => f.problem)).toEqual([]);
    const health = await fetch(gateway.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
  }, 120_000);
});
