import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the proxy misbehaves for the chosen operation:
 * - `html-503`: answers 503 with an HTML page, as a load balancer does when the service is down;
 * - `reset`: destroys the connection without answering, before forwarding;
 * - `reset-after-forwarding`: forwards the request (the emulator applies it), then destroys the
 *   connection instead of relaying the answer: the change happened, the client cannot know;
 * - `truncated`: forwards, then relays only the first half of the JSON answer and closes.
 */
export type ProxyFault = 'html-503' | 'reset' | 'reset-after-forwarding' | 'truncated';

export interface FaultProxy {
  /** Endpoint to give the gateway's CloudTrailClients. */
  url: string;
  /** Misbehave for `operation` (X-Amz-Target's operation name), or for none (`undefined`). */
  set(operation: string | undefined, fault?: ProxyFault): void;
  /** Requests of `operation` the proxy received. */
  received(operation: string): number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (res) => void readBody(res).then((answer) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: answer }), reject),
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

/** A raw node:http proxy on 127.0.0.1 in front of the emulator, answering one operation badly. */
export async function startFaultProxy(emulatorUrl: string): Promise<FaultProxy> {
  const target = new URL(emulatorUrl);
  let faulty: { operation: string; fault: ProxyFault } | undefined;
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      const fault = faulty?.operation === operation ? faulty.fault : undefined;
      if (fault === 'html-503') {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>');
        return;
      }
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      const answer = await forward(target, req, body);
      if (fault === 'reset-after-forwarding') {
        req.socket.destroy();
        return;
      }
      if (fault === 'truncated') {
        res.writeHead(answer.status, { 'content-type': String(answer.headers['content-type']), 'content-length': answer.body.length });
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        setTimeout(() => req.socket.destroy(), 10);
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(operation, fault = 'reset') {
      faulty = operation === undefined ? undefined : { operation, fault };
    },
    received: (operation) => counts.get(operation) ?? 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
