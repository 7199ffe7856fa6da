// ChatPort on the Slack Web API. A long message becomes several Slack messages, so an externalId is
// the comma-separated list of their ts values; update() edits them in place, posts pages that are new
// and deletes pages no longer needed. Errors are thrown as the Web API raised them: classify them with
// classifySlackError (./errors.ts) to decide on a retry.

import type { webApi } from '@slack/bolt';
import type { ChatMessage, Modal } from '../model.js';
import type { ChatPort, DeliveryFailure, FileUpload, PostOptions, PostResult } from '../port.js';
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

  constructor(private readonly client: WebClient) {}

  async post(channel: string, message: ChatMessage, options: PostOptions = {}): Promise<PostResult> {
    const threadTs = options.threadRef === undefined ? undefined : splitExternalId(options.threadRef)[0];
    const ids: string[] = [];
    let landed = channel;
    for (const page of renderMessage(message)) {
      const res = await this.client.chat.postMessage({
        channel,
        text: page.text,
        blocks: page.blocks,
        unfurl_links: false,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      });
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
        const res = await this.client.chat.postMessage({ channel, text: page.text, blocks: page.blocks, unfurl_links: false });
        ids.push(requireString(res.ts, 'a message ts'));
      } else {
        await this.client.chat.update({ channel, ts, text: page.text, blocks: page.blocks });
        ids.push(ts);
      }
    }
    for (const ts of previous.slice(ids.length)) {
      await this.client.chat.delete({ channel, ts });
    }
    return { externalId: ids.join(','), channel };
  }

  async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    for (const page of renderMessage(message)) {
      await this.client.chat.postEphemeral({ channel, user, text: page.text, blocks: page.blocks });
    }
  }

  async dm(user: string, message: ChatMessage): Promise<PostResult> {
    const opened = await this.client.conversations.open({ users: user });
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
    return classifySlackError(error);
  }

  /** Slack-only capability: the App Home tab of one user. */
  async publishHome(user: string, message: ChatMessage): Promise<void> {
    await this.client.views.publish({ user_id: user, view: renderHome(message) });
  }
}
