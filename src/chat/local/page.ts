// The local page's HTML: the channel list and posts (the part that updates live), the person's open form
// and last answer, and the command box. Everything from messages is escaped by render-html.

import { esc, messageHtml, modalHtml } from './render-html.js';
import type { LocalChat } from './session.js';

/** The part of the page that changes when something is posted or edited: sent whole to the live script. */
export function livePart(chat: LocalChat, channel: string): { version: number; nav: string; posts: string } {
  const channels = [...new Set([chat.channel, ...chat.port.channels()])];
  const nav = channels.map((c) => `<a href="/?channel=${encodeURIComponent(c)}"${c === channel ? ' class="here"' : ''}>#${esc(c)}</a>`).join(' ');
  const posts = chat.port
    .messages(channel, chat.userId)
    .map((p) => `<article id="${esc(p.id)}"><small>${esc(p.id)}${p.edits > 0 ? ' (edited)' : ''}${p.visibleTo ? ' (only you)' : ''}</small>${messageHtml(p.message)}</article>`)
    .join('\n');
  return { version: chat.port.version, nav, posts: posts || '<p class="context">No posts here yet.</p>' };
}

/**
 * The whole page. The open form and the last answer (a refusal, or the form's errors) sit just above the
 * command box, where the person is looking, and the redirect after a press names them (#form, #note) so
 * the browser scrolls them into view. The focus goes to the form's first field, or to the command box when
 * no form is open, but never away from an answer on screen (focusing scrolls).
 */
export function pageHtml(chat: LocalChat, channel: string, note: string | undefined): string {
  const { nav, posts } = livePart(chat, channel);
  const modal = chat.port.pendingModals.get(chat.userId);
  const quiet = !modal && !note;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Rollcall (local)</title><style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}
article{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:.5rem 0}
.inline{display:inline}.context{color:#666;font-size:.9em}.here{font-weight:bold}
button.primary{background:#2a6;color:#fff}button.danger{background:#c33;color:#fff}
.modal{border:2px solid #2a6;padding:1rem;margin:1rem 0}.note{background:#ffd;padding:.5rem;white-space:pre-wrap}
</style><script src="/live.js" defer></script></head><body data-channel="${esc(channel)}" data-version="${chat.port.version}">
<p>Acting as <b>${esc(chat.userId)}</b> in <b>#${esc(channel)}</b> &middot; <a href="/?channel=${encodeURIComponent(channel)}">refresh</a> <span id="live-status" class="context"></span></p>
<nav id="nav">${nav}</nav>
<div id="posts">${posts}</div>
${note ? `<p class="note" id="note" role="status">${esc(note)}</p>` : ''}
${modal ? modalHtml(modal, 'form', !note) : ''}
<form method="post" action="/command" id="command"><input name="line" size="60" placeholder="/absences   or   as dsl   or   in safeguarding"${quiet ? ' autofocus' : ''}> <button>Send</button></form>
</body></html>`;
}

/**
 * The page's only script: when the server says something changed, fetch the live part for this channel
 * and put it in place, keeping the view at the bottom if it was there. Without it the page still works
 * (forms post and redirect); the refresh link stays for that case.
 */
export const LIVE_SCRIPT = `'use strict';
(() => {
  const channel = document.body.dataset.channel || '';
  const status = document.getElementById('live-status');
  // The version the page shows; the stream says the server's on connecting and after every change, so a
  // change made between rendering and connecting is not missed.
  let shown = Number(document.body.dataset.version);
  let wanted = shown;
  let busy = false;
  async function refresh() {
    if (busy || wanted <= shown) return;
    busy = true;
    try {
      const res = await fetch('/live?channel=' + encodeURIComponent(channel), { cache: 'no-store' });
      if (!res.ok) return;
      const part = await res.json();
      const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
      document.getElementById('nav').innerHTML = part.nav;
      document.getElementById('posts').innerHTML = part.posts;
      shown = part.version;
      if (atBottom) window.scrollTo(0, document.body.scrollHeight);
    } finally {
      busy = false;
      if (wanted > shown) void refresh();
    }
  }
  const events = new EventSource('/events');
  events.addEventListener('change', (event) => { wanted = Math.max(wanted, Number(event.data)); void refresh(); });
  events.addEventListener('open', () => { status.textContent = '(live)'; });
  events.addEventListener('error', () => { status.textContent = '(not live: press refresh)'; });
})();
`;
