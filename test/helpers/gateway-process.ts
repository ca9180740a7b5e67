import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A gateway running as its own process (`node --import tsx src/main.ts`), as a replica of a fleet runs. */
export interface GatewayProcess {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** POSTs a GraphQL request over HTTP. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  /** GET /readyz, parsed. */
  readiness(): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/**
 * Starts a gateway process with `env` (on top of loopback, any free port, no authentication, and
 * nothing inherited from the test's environment but PATH and HOME), and waits until it serves.
 */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', AUTH: 'none', NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (url === undefined) {
    url = /GraphQL gateway on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output)?.[1];
    if (url) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`gateway did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const graphqlUrl = url;
  return {
    url: graphqlUrl,
    output: () => output,
    async query<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLAnswer<T>;
    },
    async readiness() {
      const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/readyz'));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    stop,
  };
}
