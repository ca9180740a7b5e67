import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GatewayErrorCode } from '../src/gateway-errors.js';

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
 * In one source file: string literals that spell a code (in values and in literal types alike),
 * and `code` properties given a string literal of any value (a code the module does not know yet).
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

  it('names each code by itself', () => {
    for (const [name, code] of Object.entries(GatewayErrorCode)) expect(code).toBe(name);
  });

  it('is the list the README documents, no more and no less', () => {
    expect(readmeCodes().sort()).toEqual([...codes].sort());
  });
});
