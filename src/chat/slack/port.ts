// ChatPort on the Slack Web API. A long message becomes several Slack messages, so an externalId is
// the comma-separated list of their ts values; update() edits them in place, posts pages that are new
// and deletes pages no longer needed. Errors are thrown as the Web API raised them: classify them with
// classifySlackError (./errors.ts) to decide on a retry. A school's messages go only into the workspace
// its policy binds (route()): the bot token's own, as auth.test names it.

import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { ChatMessage, Modal } from '../model.js';
import { NotConnectedYet, type ChatPort, type DeliveryFailure, type FileUpload, type PlatformScope, type PostOptions, type PostResult, type RouteTarget, type SendOptions, type UpdateOptions } from '../port.js';
import { pageDigest } from '../page-digest.js';
import { RateGate, WaitingOutRateLimit } from '../rate-gate.js';
import type { BotIdentity } from './bot-identity.js';
import { classifySlackError } from './errors.js';
import { renderHome, renderMessage, renderModal } from './render.js';

type WebClient = webApi.WebClient;

export function splitExternalId(externalId: string): string[] {
  return externalId.split(',').filter((ts) => ts !== '');
}

/** The metadata event type Rollcall stamps on every page it posts (Slack message metadata). */
export const DELIVERY_MARK = 'rollcall_delivery';

/** Which delivery a page belongs to, as stamped: a digest of the outbox key, so no id is shown to other apps. */
export function deliveryMark(deliveryKey: string): string {
  return createHash('sha256').update(deliveryKey).digest('base64url').slice(0, 22);
}

const markPayload = z.object({ delivery: z.string(), page: z.number().int().min(0) });

// How far back a retry looks for its own pages: the newest 200 messages of a channel, the first 1,000 of a
// thread. A page posted further back than that is posted again (a duplicate, never a loss).
const HISTORY_PAGES = 2;
const REPLY_PAGES = 10;

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`Slack answered without ${what}`);
  return value;
}

export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;

  private readonly gate: RateGate;

  constructor(
    private readonly client: WebClient,
    private readonly identity: () => Promise<Pick<BotIdentity, 'teamId'>> = async () => ({ teamId: '' }),
    now: () => number = Date.now,
  ) {
    this.gate = new RateGate(now);
  }

  /** Slack rate-limits per method (per workspace): one 429 makes every call of that method wait. */
  private call<T>(method: string, run: () => Promise<T>): Promise<T> {
    return this.gate.run(method, run, (error) => {
      const failure = classifySlackError(error);
      return failure.rateLimited ? (failure.retryAfterMs ?? 1000) : undefined;
    });
  }

  async route(scope: PlatformScope, target: RouteTarget): Promise<{ channel: string }> {
    if (scope.workspaceId === undefined) {
      throw new NotConnectedYet('not_bound', 'the school is not bound to a Slack workspace: put the workspace id in its policy as channels.slack.teamId');
    }
    const { teamId } = await this.identity();
    if (teamId !== scope.workspaceId) {
      throw new NotConnectedYet('other_workspace', `the school is bound to Slack workspace ${scope.workspaceId}, but SLACK_BOT_TOKEN belongs to workspace ${teamId || 'unknown'}`);
    }
    if ('channel' in target) return { channel: target.channel };
    const opened = await this.call('conversations.open', () => this.client.conversations.open({ users: target.user }));
    return { channel: requireString(opened.channel?.id, 'a DM channel id') };
  }

  async post(channel: string, message: ChatMessage, options: PostOptions = {}): Promise<PostResult> {
    const threadTs = options.threadRef === undefined ? undefined : splitExternalId(options.threadRef)[0];
    const pages = renderMessage(message);
    const found = await this.landedPages(channel, options, threadTs);
    const ids: string[] = [];
    let landed = channel;
    for (const [i, page] of pages.entries()) {
      const already = found.get(i);
      if (already !== undefined) {
        ids.push(already);
        continue;
      }
      const res = await this.postPage(channel, page, options, i, threadTs);
      ids.push(requireString(res.ts, 'a message ts'));
      landed = res.channel ?? landed;
    }
    return { externalId: ids.join(','), channel: landed, pageDigests: pages.map(pageDigest) };
  }

  private postPage(channel: string, page: ReturnType<typeof renderMessage>[number], options: SendOptions, index: number, threadTs?: string) {
    const mark = options.deliveryKey === undefined ? undefined : { event_type: DELIVERY_MARK, event_payload: { delivery: deliveryMark(options.deliveryKey), page: index } };
    return this.call('chat.postMessage', () => this.client.chat.postMessage({
      channel,
      text: page.text,
      blocks: page.blocks,
      unfurl_links: false,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      ...(mark === undefined ? {} : { metadata: mark }),
    }));
  }

  /**
   * Slack has no idempotency key for chat.postMessage, so a post it accepted and then answered 500 for
   * would go twice. Each page carries its delivery's mark in its metadata; before posting again after such a
   * failure, the channel (or thread) is read back for pages with that mark, and only the missing ones are
   * posted. Without the history scopes (an install from before they were asked for) nothing can be read, and
   * the page is posted again: a duplicate rather than a loss.
   */
  private async landedPages(channel: string, options: SendOptions, threadTs?: string): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    if (!options.mayHaveLanded || options.deliveryKey === undefined) return found;
    const mark = deliveryMark(options.deliveryKey);
    let cursor: string | undefined;
    for (let n = 0; n < (threadTs === undefined ? HISTORY_PAGES : REPLY_PAGES); n++) {
      const paging = { channel, limit: 100, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
      let res: webApi.ConversationsHistoryResponse | webApi.ConversationsRepliesResponse;
      try {
        res = threadTs === undefined
          ? await this.call('conversations.history', () => this.client.conversations.history(paging))
          : await this.call('conversations.replies', () => this.client.conversations.replies({ ...paging, ts: threadTs }));
      } catch (error) {
        const failure = this.classifyError(error);
        // Slack is down or limiting: try the whole delivery again later rather than risk a second copy.
        if (failure.retryable && !failure.held) throw error;
        return found;
      }
      for (const m of res.messages ?? []) {
        const stamped = m.metadata?.event_type === DELIVERY_MARK ? markPayload.safeParse(m.metadata.event_payload) : undefined;
        if (stamped?.success && stamped.data.delivery === mark && m.ts) found.set(stamped.data.page, m.ts);
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return found;
  }

  /** Rewrites the pages whose content changed (`options.shown`), posts new ones, deletes those no longer needed. */
  async update(channel: string, externalId: string, message: ChatMessage, options: UpdateOptions = {}): Promise<PostResult> {
    const previous = splitExternalId(externalId);
    const pages = renderMessage(message);
    const digests = pages.map(pageDigest);
    const found = pages.length > previous.length ? await this.landedPages(channel, options) : new Map<number, string>();
    const ids: string[] = [];
    for (const [i, page] of pages.entries()) {
      const ts = previous[i];
      if (ts === undefined) {
        const res = found.has(i) ? { ts: found.get(i) } : await this.postPage(channel, page, options, i);
        ids.push(requireString(res.ts, 'a message ts'));
      } else {
        if (options.shown?.[i] !== digests[i]) await this.call('chat.update', () => this.client.chat.update({ channel, ts, text: page.text, blocks: page.blocks }));
        ids.push(ts);
      }
    }
    for (const ts of previous.slice(ids.length)) await this.deletePage(channel, ts);
    return { externalId: ids.join(','), channel, pageDigests: digests };
  }

  // A page no longer needed: already gone (an earlier attempt deleted it before failing) is as good as deleted.
  private async deletePage(channel: string, ts: string): Promise<void> {
    try {
      await this.call('chat.delete', () => this.client.chat.delete({ channel, ts }));
    } catch (error) {
      if (classifySlackError(error).reason !== 'message_not_found') throw error;
    }
  }

  async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    for (const page of renderMessage(message)) {
      await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel, user, text: page.text, blocks: page.blocks }));
    }
  }

  async dm(user: string, message: ChatMessage, options: SendOptions = {}): Promise<PostResult> {
    const opened = await this.call('conversations.open', () => this.client.conversations.open({ users: user }));
    const channel = requireString(opened.channel?.id, 'a DM channel id');
    return this.post(channel, message, options);
  }

  async uploadFile(channel: string, file: FileUpload): Promise<{ fileId: string }> {
    const threadTs = file.threadRef === undefined ? undefined : splitExternalId(file.threadRef)[0];
    const upload = { channel_id: channel, file: Buffer.from(file.bytes), filename: file.filename, title: file.title };
    const res = await this.client.filesUploadV2(threadTs === undefined ? upload : { ...upload, thread_ts: threadTs });
    const fileId = res.files.flatMap((completion) => completion.files ?? [])[0]?.id;
    return { fileId: requireString(fileId, 'a file id') };
  }

  async openModal(triggerRef: string, modal: Modal): Promise<void> {
    await this.client.views.open({ trigger_id: triggerRef, view: renderModal(modal) });
  }

  classifyError(error: unknown): DeliveryFailure {
    if (error instanceof WaitingOutRateLimit) return { retryable: true, rateLimited: true, retryAfterMs: error.retryAfterMs, reason: 'rate_limited' };
    return classifySlackError(error);
  }

  /** Slack-only capability: the App Home tab of one user. */
  async publishHome(user: string, message: ChatMessage): Promise<void> {
    await this.client.views.publish({ user_id: user, view: renderHome(message) });
  }
}
