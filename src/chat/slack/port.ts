// ChatPort on the Slack Web API. A long message becomes several Slack messages, so an externalId is
// the comma-separated list of their ts values; update() edits them in place, posts pages that are new
// and deletes pages no longer needed. Errors are thrown as the Web API raised them: classify them with
// classifySlackError (./errors.ts) to decide on a retry. A school's messages go only into the workspace
// its policy binds (route()): the bot token's own, as auth.test names it.

import type { webApi } from '@slack/bolt';
import type { ChatMessage, Modal } from '../model.js';
import { NotConnectedYet, type ChatPort, type DeliveryFailure, type FileUpload, type PlatformScope, type PostOptions, type PostResult, type RouteTarget } from '../port.js';
import { RateGate, WaitingOutRateLimit } from '../rate-gate.js';
import type { BotIdentity } from './bot-identity.js';
import { classifySlackError } from './errors.js';
import { renderHome, renderMessage, renderModal } from './render.js';

type WebClient = webApi.WebClient;

export function splitExternalId(externalId: string): string[] {
  return externalId.split(',').filter((ts) => ts !== '');
}

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
    const ids: string[] = [];
    let landed = channel;
    for (const page of renderMessage(message)) {
      const res = await this.call('chat.postMessage', () => this.client.chat.postMessage({
        channel,
        text: page.text,
        blocks: page.blocks,
        unfurl_links: false,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      }));
      ids.push(requireString(res.ts, 'a message ts'));
      landed = res.channel ?? landed;
    }
    return { externalId: ids.join(','), channel: landed };
  }

  async update(channel: string, externalId: string, message: ChatMessage): Promise<PostResult> {
    const previous = splitExternalId(externalId);
    const ids: string[] = [];
    for (const [i, page] of renderMessage(message).entries()) {
      const ts = previous[i];
      if (ts === undefined) {
        const res = await this.call('chat.postMessage', () => this.client.chat.postMessage({ channel, text: page.text, blocks: page.blocks, unfurl_links: false }));
        ids.push(requireString(res.ts, 'a message ts'));
      } else {
        await this.call('chat.update', () => this.client.chat.update({ channel, ts, text: page.text, blocks: page.blocks }));
        ids.push(ts);
      }
    }
    for (const ts of previous.slice(ids.length)) {
      await this.call('chat.delete', () => this.client.chat.delete({ channel, ts }));
    }
    return { externalId: ids.join(','), channel };
  }

  async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    for (const page of renderMessage(message)) {
      await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel, user, text: page.text, blocks: page.blocks }));
    }
  }

  async dm(user: string, message: ChatMessage): Promise<PostResult> {
    const opened = await this.call('conversations.open', () => this.client.conversations.open({ users: user }));
    const channel = requireString(opened.channel?.id, 'a DM channel id');
    return this.post(channel, message);
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
