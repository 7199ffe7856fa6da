import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLarge, readBoundedBody } from '../../src/chat/http-body.js';

const MAX = 16;
let port: number;
const server = createServer((req, res) => {
  readBoundedBody(req, MAX).then(
    (text) => res.end(`ok:${text}`),
    (error: unknown) => res.writeHead(error instanceof BodyTooLarge ? 413 : 500).end(),
  );
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `parts` one after another; without a length the body is chunked, so only reading can tell its size. */
function send(parts: string[], declareLength: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const total = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
    const req = request({ host: '127.0.0.1', port, method: 'POST', headers: declareLength ? { 'content-length': total } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    for (const p of parts) req.write(p);
    req.end();
  });
}

describe('readBoundedBody', () => {
  it('returns a body within the cap, whole', async () => {
    expect(await send(['héllo ', 'wörld'], true)).toEqual({ status: 200, body: 'ok:héllo wörld' });
  });

  it('refuses a body declared larger than the cap', async () => {
    expect((await send(['x'.repeat(MAX + 1)], true)).status).toBe(413);
  });

  it('refuses a chunked body once it grows past the cap', async () => {
    expect((await send(['x'.repeat(10), 'y'.repeat(10)], false)).status).toBe(413);
  });
});
