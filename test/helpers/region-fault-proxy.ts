import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A node:http proxy in front of the emulator that answers CloudTrail's ThrottlingException for
 * one Region (read from the SigV4 credential scope, as AWS routes by endpoint), so a test can throttle
 * one Region while the others answer.
 */
export interface RegionFaultProxy {
  url: string;
  /** Throttle this Region's calls (or none). */
  throttle(region: string | undefined): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startRegionFaultProxy(emulatorUrl: string): Promise<RegionFaultProxy> {
  const target = new URL(emulatorUrl);
  let throttled: string | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      if (throttled !== undefined && scope === throttled) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'throttled-by-test-proxy' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(body);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    throttle(region) {
      throttled = region;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
