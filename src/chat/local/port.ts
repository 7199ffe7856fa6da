// ChatPort for local mode and demos: an in-memory log of channels and posts that prints each post
// to the terminal (or any sink). The web page and the terminal session read the same log; tests use
// it to assert what a workflow posted.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage, Control, Modal } from '../model.js';
import type { ChatPort, DeliveryFailure, FileUpload, PostOptions, PostResult } from '../port.js';
import { stripMarkup } from '../markup.js';
import { renderModalText, renderText } from './render-text.js';

export interface LocalPost {
  id: string;
  channel: string;
  message: ChatMessage;
  threadRef?: string;
  /** Only this user sees it (ephemeral answers). */
  visibleTo?: string;
  edits: number;
}

export interface LocalFile {
  id: string;
  channel: string;
  filename: string;
  title: string;
  bytes: Uint8Array;
  path?: string;
}

export interface LocalPortOptions {
  /** Where posts are printed; default stdout. Pass () => undefined to stay quiet. */
  print?: (text: string) => void;
  /** If set, uploaded files are also written here so a person can open them. */
  filesDir?: string;
}

function controlsOf(message: ChatMessage): Control[] {
  return message.blocks.flatMap((b) => {
    if (b.kind === 'actions') return b.controls;
    if (b.kind === 'list') return b.rows.flatMap((r) => r.controls ?? []);
    return [];
  });
}

export class LocalChatPort implements ChatPort {
  readonly platform = 'local' as const;
  private readonly posts: LocalPost[] = [];
  readonly files: LocalFile[] = [];
  /** Open forms by user, waiting for `submit`. */
  readonly pendingModals = new Map<string, Modal>();
  private counter = 0;
  private readonly print: (text: string) => void;
  private readonly watchers = new Set<() => void>();
  /** Counts changes, so a page rendered at one version knows whether it has missed any. */
  version = 0;

  constructor(private readonly options: LocalPortOptions = {}) {
    this.print = options.print ?? ((text) => process.stdout.write(`${text}\n`));
  }

  /** A line for the person at the terminal that is not a post. */
  announce(text: string): void {
    this.print(text);
  }

  /** Called after every post, edit and opened form, so the page can show them without a reload. */
  onChange(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private changed(): void {
    this.version += 1;
    for (const watcher of this.watchers) watcher();
  }

  channels(): string[] {
    return [...new Set(this.posts.map((p) => p.channel))];
  }

  /** What `viewer` sees in a channel, oldest first (everyone's posts plus their own private ones). */
  messages(channel: string, viewer?: string): LocalPost[] {
    return this.posts.filter((p) => p.channel === channel && (p.visibleTo === undefined || p.visibleTo === viewer));
  }

  /** The newest post `viewer` can see that carries the control a press names. */
  findControl(actionId: string, value: string, viewer: string): LocalPost | undefined {
    return [...this.posts].reverse().find(
      (p) =>
        (p.visibleTo === undefined || p.visibleTo === viewer) &&
        controlsOf(p.message).some((c) => c.actionId === actionId && (c.kind === 'select' ? c.options.some((o) => o.value === value) : c.value === value)),
    );
  }

  async post(channel: string, message: ChatMessage, options: PostOptions = {}): Promise<PostResult> {
    const post = this.add(channel, message, options.threadRef === undefined ? {} : { threadRef: options.threadRef });
    const name = channel.startsWith('@') ? `${channel} (direct message)` : `#${channel}`;
    const where = post.threadRef ? `${name} (thread ${post.threadRef})` : name;
    this.print(`\n${where} [${post.id}]\n${renderText(message)}`);
    return { externalId: post.id, channel };
  }

  async update(channel: string, externalId: string, message: ChatMessage): Promise<PostResult> {
    const post = this.posts.find((p) => p.id === externalId && p.channel === channel);
    if (!post) throw new Error(`local: no message ${externalId} in #${channel}`);
    const before = renderText(post.message);
    post.message = message;
    post.edits += 1;
    this.changed();
    this.print(`\n#${channel} [${post.id}, updated]${changedLines(before, renderText(message))}`);
    return { externalId, channel };
  }

  async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    this.add(channel, message, { visibleTo: user });
    this.print(`\n#${channel} (only ${user} sees this)\n${renderText(message)}`);
  }

  /** Direct messages are kept in full (the page shows them) but printed as one line, so a morning of
   * escalation nudges to several people does not bury the terminal. */
  async dm(user: string, message: ChatMessage): Promise<PostResult> {
    const post = this.add(`@${user}`, message, {});
    this.print(`\n@${user} (direct message) [${post.id}] ${stripMarkup(message.summary)}`);
    return { externalId: post.id, channel: `@${user}` };
  }

  async uploadFile(channel: string, file: FileUpload): Promise<{ fileId: string }> {
    this.counter += 1;
    const id = `f${this.counter}`;
    const stored: LocalFile = { id, channel, filename: file.filename, title: file.title, bytes: file.bytes };
    if (this.options.filesDir) {
      await mkdir(this.options.filesDir, { recursive: true });
      stored.path = join(this.options.filesDir, `${id}-${file.filename.replace(/[^\w.-]/g, '_')}`);
      await writeFile(stored.path, file.bytes);
    }
    this.files.push(stored);
    this.print(`\n#${channel} [file ${id}] ${file.title} (${file.filename}, ${file.bytes.length} bytes)${stored.path ? ` saved to ${stored.path}` : ''}`);
    return { fileId: id };
  }

  /** In local mode the trigger is the user the form is for. */
  async openModal(triggerRef: string, modal: Modal): Promise<void> {
    this.pendingModals.set(triggerRef, modal);
    this.changed();
    this.print(`\n(only ${triggerRef} sees this)\n${renderModalText(modal)}`);
  }

  /** Nothing local is transient: a failure here is a bug (e.g. updating a message that never existed). */
  classifyError(error: unknown): DeliveryFailure {
    return { retryable: false, reason: error instanceof Error ? error.message : String(error) };
  }

  private add(channel: string, message: ChatMessage, extra: Pick<LocalPost, 'threadRef' | 'visibleTo'>): LocalPost {
    this.counter += 1;
    const post: LocalPost = { id: `m${this.counter}`, channel, message, edits: 0, ...extra };
    this.posts.push(post);
    this.changed();
    return post;
  }
}

/**
 * What an in-place update changed, for the terminal: a long list updated after every claim or call
 * would otherwise be printed whole each time and bury the conversation. A mostly new message is
 * printed whole; the page always shows the whole message.
 */
export function changedLines(before: string, after: string): string {
  const old = new Map<string, number>();
  for (const line of before.split('\n')) old.set(line, (old.get(line) ?? 0) + 1);
  const lines = after.split('\n');
  const changed = lines.filter((line) => {
    const left = old.get(line) ?? 0;
    if (left > 0) old.set(line, left - 1);
    return left === 0;
  });
  if (changed.length === 0) return ' (no visible change)';
  if (changed.length * 2 > lines.length) return `\n${after}`;
  return ` (${changed.length} of ${lines.length} lines changed)\n${changed.map((line) => `~ ${line}`).join('\n')}`;
}
