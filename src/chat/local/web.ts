// A tiny localhost page (node:http, no framework) over the same local session as the terminal:
// channels and posts with clickable buttons, open forms, and a command box. Forms post back and
// redirect, so the page works without JavaScript; with it, the page follows the session live through
// server-sent events (one small script, no framework: EventSource is all a one-person page needs).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBoundedBody } from '../http-body.js';
import { listen } from '../listen.js';
import { LIVE_SCRIPT, livePart, pageHtml } from './page.js';
import type { LocalChat } from './session.js';

const MAX_BODY = 64 * 1024;
/** Posts arriving together (a catch-up, a list and its DMs) reach the page as one change. */
const CHANGE_BATCH_MS = 100;
/** A comment line now and then keeps proxies and the browser from closing a quiet stream. */
const KEEPALIVE_MS = 25_000;

// The page shows children's data on the person's own machine: no framing, no scripts but our own, no
// resources from elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer the browser sends `Origin: null` on the page's own forms.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBoundedBody(req, MAX_BODY));
}

/**
 * Only the page itself may act: another site open in the same browser could otherwise post commands to
 * this port (a cross-site form), and a hostile name pointed at 127.0.0.1 could read it (DNS rebinding).
 */
function fromThePage(req: IncomingMessage, port: number): boolean {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(req.headers.host ?? '')) return false;
  const from = req.headers.origin;
  return req.method === 'GET' || from === undefined || hosts.some((h) => from === `http://${h}`);
}

export interface LocalWeb {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startLocalWeb(chat: LocalChat, port = 0, host = '127.0.0.1'): Promise<LocalWeb> {
  let note: string | undefined;
  let bound = 0;
  const streams = new Set<ServerResponse>();
  let batch: NodeJS.Timeout | undefined;
  const stopWatching = chat.port.onChange(() => {
    batch ??= setTimeout(() => {
      batch = undefined;
      for (const stream of streams) stream.write(`event: change\ndata: ${chat.port.version}\n\n`);
    }, CHANGE_BATCH_MS);
  });
  const keepalive = setInterval(() => {
    for (const stream of streams) stream.write(': still here\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!fromThePage(req, bound)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end(`This page answers only itself, at http://127.0.0.1:${bound}/`);
        return;
      }
      if (req.method === 'GET') {
        switch (url.pathname) {
          case '/': {
            // Viewing a channel makes it the one commands and answers go to, as in a chat client.
            const channel = url.searchParams.get('channel');
            if (channel) chat.channel = channel;
            const html = pageHtml(chat, chat.channel, note);
            note = undefined;
            res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(html);
            return;
          }
          case '/live':
            res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json' }).end(JSON.stringify(livePart(chat, url.searchParams.get('channel') ?? chat.channel)));
            return;
          case '/live.js':
            res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/javascript; charset=utf-8' }).end(LIVE_SCRIPT);
            return;
          case '/events':
            res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
            res.write(`retry: 2000\nevent: change\ndata: ${chat.port.version}\n\n`);
            streams.add(res);
            req.on('close', () => streams.delete(res));
            return;
        }
      }
      if (req.method !== 'POST') {
        res.writeHead(404).end('not found');
        return;
      }
      const form = await readForm(req);
      if (url.pathname === '/command') note = await chat.run(form.get('line') ?? '');
      else if (url.pathname === '/press') note = await chat.pressControl(form.get('actionId') ?? '', form.get('value') ?? '');
      else if (url.pathname === '/submit') {
        const values = Object.fromEntries([...form].filter(([k]) => k !== '__form'));
        note = await chat.submitForm(form.get('__form') ?? '', values);
      } else {
        res.writeHead(404).end('not found');
        return;
      }
      const anchor = note ? '#note' : chat.port.pendingModals.has(chat.userId) ? '#form' : '';
      res.writeHead(303, { location: `/?channel=${encodeURIComponent(chat.channel)}${anchor}` }).end();
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : 'error');
    });
  });
  await listen(server, port, host, 'PORT');
  bound = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        clearInterval(keepalive);
        clearTimeout(batch);
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
