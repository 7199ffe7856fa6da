// Starts a fake's HTTP server on a free loopback port; requests go to the fake once it exists.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenOnLoopback(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handle);
  // Node closes an idle kept-alive connection after 5 s, the moment a client may be reusing it (a response_url
  // post after a slow test step then fails with ECONNRESET); real Slack and Teams keep them far longer.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}
