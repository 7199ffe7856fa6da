// A tiny localhost page (node:http, no framework) over the same local session as the terminal:
// channels and posts with clickable buttons, open forms, and a command box. Forms post back and
// redirect, so the page works without JavaScript.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBoundedBody } from '../http-body.js';
import { listen } from '../listen.js';
import { esc, messageHtml, modalHtml } from './render-html.js';
import type { LocalChat } from './session.js';

const MAX_BODY = 64 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBoundedBody(req, MAX_BODY));
}

function page(chat: LocalChat, channel: string, note: string | undefined): string {
  const channels = [...new Set([chat.channel, ...chat.port.channels()])];
  const nav = channels.map((c) => `<a href="/?channel=${encodeURIComponent(c)}"${c === channel ? ' class="here"' : ''}>#${esc(c)}</a>`).join(' ');
  const posts = chat.port
    .messages(channel, chat.userId)
    .map((p) => `<article id="${esc(p.id)}"><small>${esc(p.id)}${p.edits > 0 ? ' (edited)' : ''}${p.visibleTo ? ' (only you)' : ''}</small>${messageHtml(p.message)}</article>`)
    .join('\n');
  const modal = chat.port.pendingModals.get(chat.userId);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Rollcall (local)</title><style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}
article{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:.5rem 0}
.inline{display:inline}.context{color:#666;font-size:.9em}.here{font-weight:bold}
button.primary{background:#2a6;color:#fff}button.danger{background:#c33;color:#fff}
.modal{border:2px solid #2a6;padding:1rem;margin:1rem 0}.note{background:#ffd;padding:.5rem;white-space:pre-wrap}
</style></head><body>
<p>Acting as <b>${esc(chat.userId)}</b> in <b>#${esc(channel)}</b> &middot; <a href="/?channel=${encodeURIComponent(channel)}">refresh</a></p>
<nav>${nav}</nav>
${note ? `<p class="note">${esc(note)}</p>` : ''}
${modal ? modalHtml(modal) : ''}
${posts || '<p class="context">No posts here yet.</p>'}
<form method="post" action="/command"><input name="line" size="60" placeholder="/absences   or   as dsl   or   in safeguarding" autofocus> <button>Send</button></form>
</body></html>`;
}

export interface LocalWeb {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startLocalWeb(chat: LocalChat, port = 0, host = '127.0.0.1'): Promise<LocalWeb> {
  let note: string | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/') {
        // Viewing a channel makes it the one commands and answers go to, as in a chat client.
        const channel = url.searchParams.get('channel');
        if (channel) chat.channel = channel;
        const html = page(chat, chat.channel, note);
        note = undefined;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
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
      res.writeHead(303, { location: `/?channel=${encodeURIComponent(chat.channel)}` }).end();
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : 'error');
    });
  });
  await listen(server, port, host, 'PORT');
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
