import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { GatewayErrorCode, insightsSummaryTruncated, surfacingAwsFailures } from '../src/gateway-errors.js';
import { failedShardOf } from '../src/schema/shard-connection.js';

/**
 * One set of error codes. Clients branch on `extensions.code`, so the codes the gateway raises are
 * an API: each is a GatewayErrorCode constant (never a string typed again somewhere, where a typo
 * would be a new code), and each is documented in the README's table of codes, which lists nothing
 * else. The emulator's and CloudTrail's codes (AWS exception names) are not the gateway's.
 */

const MODULE = 'src/gateway-errors.ts';
/** Not the gateway: the emulator speaks CloudTrail's codes, the rules raise none, generated code is generated. */
const NOT_THE_GATEWAY = ['src/emulator/', 'src/rules/', 'src/client/generated/'];

function gatewaySources(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return NOT_THE_GATEWAY.includes(`${path}/`) ? [] : gatewaySources(path);
    return path.endsWith('.ts') && path !== MODULE ? [path] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/**
 * Callees that make or carry an error: constructors (`GraphQLError`, `AwsTransportError`...), factories
 * (`createGraphQLError`, `localException`) and helpers that take a code (`withCode`,
 * `persistedRequestError`).
 */
const ERROR_CALLEE = /error|exception|code/i;
/** What a gateway code looks like (UPPER_SNAKE_CASE); AWS exception names are PascalCase. */
const CODE_SHAPE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

function calleeName(expression: ts.Expression): string {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return '';
}

/**
 * In one source file: string literals that spell a code (in values and in literal types alike),
 * `code` properties given a string literal of any value (a code the module does not know yet), and
 * code-shaped string literals passed as an argument to an error constructor or helper (a new code
 * handed over positionally, `localException('SOMETHING_NEW', ...)`).
 */
function codeLiterals(file: string, codes: ReadonlySet<string>, text = readFileSync(file, 'utf8')): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node) =>
    findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText() });
  const isText = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
  const visit = (node: ts.Node): void => {
    if (isText(node) && codes.has(node.text) && !ts.isImportDeclaration(node.parent)) report(node);
    if ((ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.name.getText() === 'code') {
      const value = node.initializer;
      const branches = value && ts.isConditionalExpression(value) ? [value.whenTrue, value.whenFalse] : value ? [value] : [];
      for (const branch of branches) if (isText(branch) && !codes.has(branch.text)) report(branch);
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ERROR_CALLEE.test(calleeName(node.expression))) {
      for (const argument of node.arguments ?? []) {
        if (isText(argument) && !codes.has(argument.text) && CODE_SHAPE.test(argument.text)) report(argument);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** The codes in the first column of the README's table under "## Errors". */
function readmeCodes(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('\n## Errors\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);
}

describe('GatewayErrorCode', () => {
  const codes = new Set<string>(Object.values(GatewayErrorCode));

  it('is the only place a code is spelled: no gateway source writes one as a string', () => {
    const sources = gatewaySources();
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.flatMap((file) => codeLiterals(file, codes))).toEqual([]);
  });

  it('catches a code written as a string, and a code property given a new string', () => {
    // The scan itself, on a source that breaks both rules: a guard that could never fail proves nothing.
    const breaking = [
      "import { GatewayErrorCode } from '../gateway-errors.js';",
      "class Refusal extends Error { readonly code = 'RATE_LIMITED'; }",
      "const error = { extensions: { code: 'SOMETHING_NEW', reason: 'fine' } };",
      "type Failure = 'AWS_TIMEOUT' | 'lowercase is not a code';",
      "const fine = { code: GatewayErrorCode.BAD_USER_INPUT, message: 'BAD_USER_INPUT in a sentence is prose' };",
    ].join('\n');
    const findings = codeLiterals('breaking.ts', codes, breaking).map((f) => f.text);
    expect(findings).toEqual(["'RATE_LIMITED'", "'SOMETHING_NEW'", "'AWS_TIMEOUT'"]);
  });

  it('catches a new code passed as an argument to an error constructor or helper', () => {
    const breaking = [
      "throw localException('SUMMARY_TRUNCATED', 'More than 20 pages.');",
      "const transport = new AwsTransportError('AWS_HICCUP', 'The line dropped.', false);",
      "const refusal = persistedRequestError('No such operation.', 'UNKNOWN_OPERATION');",
      "const masked = errors.withCode(error, `NEW_CODE`);",
      // Not codes: an AWS exception name, a message, and strings passed to other functions.
      "const aws = localException('InvalidTrailNameException', 'Trail name is not valid.');",
      "const prose = new GraphQLError('NOT_A_CODE is a word in this message.');",
      "const header = headers.get('X_FORWARDED_FOR');",
    ].join('\n');
    const findings = codeLiterals('breaking.ts', codes, breaking).map((f) => f.text);
    expect(findings).toEqual(["'SUMMARY_TRUNCATED'", "'AWS_HICCUP'", "'UNKNOWN_OPERATION'", '`NEW_CODE`']);
  });

  it('names each code by itself', () => {
    for (const [name, code] of Object.entries(GatewayErrorCode)) expect(code).toBe(name);
  });

  it('is the list the README documents, no more and no less', () => {
    expect(readmeCodes().sort()).toEqual([...codes].sort());
  });
});

describe('INSIGHTS_SUMMARY_TRUNCATED', () => {
  const truncated = () => insightsSummaryTruncated('More than 20 pages of Insights events in this account-Region and window: narrow the window.');

  it("is a member account-Region's failedShards entry, not retryable, with no AWS request id", () => {
    const shard = { accountId: '111122223333', region: 'eu-west-1' };
    // Besides these, the entry carries the AWS exception's shape (name, $fault, $metadata) the AwsError fields read.
    expect(failedShardOf(shard, truncated())).toMatchObject({
      ...shard,
      code: 'INSIGHTS_SUMMARY_TRUNCATED',
      message: 'More than 20 pages of Insights events in this account-Region and window: narrow the window.',
      retryable: false,
      awsRequestId: null,
    });
  });

  it("is the field's error for the gateway's own account, with the AwsError extensions: pages were read, so not rejected before a call", async () => {
    const error = await surfacingAwsFailures(() => Promise.reject(truncated())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toEqual({
      code: 'INSIGHTS_SUMMARY_TRUNCATED',
      retryable: false,
      rejectedBeforeCall: false,
      outcomeUnknown: false,
      awsRequestId: null,
    });
  });
});
