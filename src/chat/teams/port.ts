// ChatPort on the Bot Connector. A long message becomes several cards (one activity each), so an
// externalId is the comma-separated list of their activity ids; update() edits them in place, posts
// pages that are new and deletes pages no longer needed. A channel is a stored conversation, found by
// id; a school's channel named in its policy is found by route() within the school's own team only.
// Teams has no message only one person sees in a channel, so "ephemeral" answers and forms go to the
// person's 1:1 chat with Rollcall (opened on first use, from a conversation in the school's team or tenant).

import type { ChannelInfo } from '@microsoft/teams.api';
import type { ChatMessage, Modal } from '../model.js';
import { NotConnectedYet, type ChatPort, type DeliveryFailure, type FileUpload, type PlatformScope, type PostOptions, type PostResult, type RouteTarget, type UpdateOptions } from '../port.js';
import { pageDigest } from '../page-digest.js';
import { baseConversationId, channelNameOf, inThread, personalChannelName, type ConversationStore, type StoredConversation, type TeamsConversationRef } from './conversation-store.js';
import { RateGate, WaitingOutRateLimit } from '../rate-gate.js';
import { classifyTeamsError } from './errors.js';
import type { FormSigner } from './form-signing.js';
import type { NameBook } from './names.js';
import { cardAttachment, renderForm, renderMessage, type AdaptiveCard, type FormState } from './render.js';
import type { OutgoingActivity, TeamsSender } from './sender.js';
import { fileActivity } from './upload.js';

export function splitExternalId(externalId: string): string[] {
  return externalId.split(',').filter((id) => id !== '');
}

export function cardActivity(card: AdaptiveCard, summary: string): OutgoingActivity {
  return { type: 'message', summary, attachments: [cardAttachment(card)] };
}

/** The account to open a 1:1 chat with: the Teams id ("29:...") when known works in any team. */
export interface PersonalTarget {
  /** Rollcall's user id for them (AAD object id, or the Teams id). */
  userId: string;
  /** The id to open the chat with; defaults to userId. */
  memberId?: string;
}

export class TeamsChatPort implements ChatPort {
  readonly platform = 'teams' as const;

  constructor(
    private readonly sender: TeamsSender,
    private readonly store: ConversationStore,
    private readonly names: NameBook,
    private readonly forms: FormSigner,
    /** The tenant of a single-tenant bot, for opening 1:1 chats when no stored reference says. */
    private readonly tenantId?: string,
    now: () => number = Date.now,
  ) {
    this.gate = new RateGate(now);
  }

  private readonly gate: RateGate;

  /** Teams rate-limits per conversation (thread replies count against their channel): one 429 there makes
   * every call to that conversation wait. */
  private inConversation<T>(conversationId: string, run: () => Promise<T>): Promise<T> {
    return this.gate.run(baseConversationId(conversationId), run, (error) => {
      const failure = classifyTeamsError(error);
      return failure.rateLimited ? (failure.retryAfterMs ?? 1000) : undefined;
    });
  }

  private async conversation(conversationId: string): Promise<StoredConversation> {
    const found = await this.store.find(conversationId);
    if (!found) throw new NotConnectedYet('unknown_conversation', 'Rollcall is no longer in that Teams conversation (it was removed): add Rollcall to the team again');
    return found;
  }

  async route(scope: PlatformScope, target: RouteTarget): Promise<{ channel: string }> {
    if ('user' in target) {
      const chat = await this.personalChat({ userId: target.user, ...(target.memberId ? { memberId: target.memberId } : {}) }, undefined, scope);
      return { channel: chat.conversationId };
    }
    if (scope.teamId === undefined) {
      throw new NotConnectedYet('no_team', 'the school is not bound to a team: put its team id in the policy as channels.teams.teamId');
    }
    const found = await this.store.inTeam(scope.teamId, target.channel);
    if (!found || (scope.tenantId !== undefined && found.tenantId !== undefined && found.tenantId !== scope.tenantId)) {
      throw new NotConnectedYet(
        'channel_unknown',
        `Rollcall has not been added to the school's team ${scope.teamId} with a channel "${channelNameOf(target.channel)}": add Rollcall to that team (Apps, then Rollcall, then Add to a team), or correct the channel in the policy`,
      );
    }
    return { channel: found.conversationId };
  }

  /** The cards a message becomes, with the display names Rollcall knows for its mentions. */
  render(message: ChatMessage): OutgoingActivity[] {
    return renderMessage(message, { names: (id) => this.names.get(id) }).map((p) => cardActivity(p.card, p.summary));
  }

  /** A form card; `shown` puts a refused submission's values and problems back beside the inputs. */
  formCard(modal: Modal, posted: boolean, shown: Pick<FormState, 'values' | 'errors'> = {}): AdaptiveCard {
    return renderForm(modal, { ...shown, posted, sign: (c) => this.forms.sign(c) }, { names: (id) => this.names.get(id) });
  }

  async sendTo(stored: StoredConversation, activities: OutgoingActivity[], threadRef?: string): Promise<PostResult> {
    const root = threadRef === undefined ? undefined : splitExternalId(threadRef)[0];
    const target = root === undefined ? stored.conversationId : inThread(stored.conversationId, root);
    const ids = await this.inConversation(stored.conversationId, () => this.sender.send(stored.reference, target, activities));
    return { externalId: ids.join(','), channel: stored.conversationId, pageDigests: activities.map(pageDigest) };
  }

  async post(channel: string, message: ChatMessage, options: PostOptions = {}): Promise<PostResult> {
    return this.sendTo(await this.conversation(channel), this.render(message), options.threadRef);
  }

  /** Rewrites the pages whose content changed (`options.shown`), posts new ones, deletes those no longer needed. */
  async update(channel: string, externalId: string, message: ChatMessage, options: UpdateOptions = {}): Promise<PostResult> {
    const stored = await this.conversation(channel);
    const previous = splitExternalId(externalId);
    const activities = this.render(message);
    const digests = activities.map(pageDigest);
    const ids: string[] = [];
    for (const [i, activity] of activities.entries()) {
      const id = previous[i];
      if (id === undefined) {
        ids.push(...(await this.inConversation(stored.conversationId, () => this.sender.send(stored.reference, stored.conversationId, [activity]))));
      } else {
        if (options.shown?.[i] !== digests[i]) await this.inConversation(stored.conversationId, () => this.sender.update(stored.reference, id, activity));
        ids.push(id);
      }
    }
    for (const id of previous.slice(ids.length)) await this.inConversation(stored.conversationId, () => this.sender.remove(stored.reference, id));
    return { externalId: ids.join(','), channel: stored.conversationId, pageDigests: digests };
  }

  /** Replaces one activity in place (the card a person pressed), in the conversation `ref` names. */
  async replaceActivity(ref: TeamsConversationRef, activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.sender.update(ref, activityId, activity);
  }

  /** The channels of a team, listed from any conversation reference of that team. */
  async teamChannels(ref: TeamsConversationRef, teamId: string): Promise<ChannelInfo[]> {
    return this.sender.teamChannels(ref, teamId);
  }

  /** No per-person visibility in Teams channels: the answer goes to their 1:1 chat with Rollcall. */
  async postEphemeral(_channel: string, user: string, message: ChatMessage): Promise<void> {
    await this.dm(user, message);
  }

  async dm(user: string, message: ChatMessage): Promise<PostResult> {
    return this.sendTo(await this.personalChat({ userId: user }), this.render(message));
  }

  async uploadFile(channel: string, file: FileUpload): Promise<{ fileId: string }> {
    const stored = await this.conversation(channel);
    const result = await this.sendTo(stored, [fileActivity(file)], file.threadRef);
    return { fileId: result.externalId };
  }

  /** Posts the form as a card in the conversation `triggerRef` names (HandlerContext.source.triggerRef
   * is the actor's 1:1 chat, "user:<id>"); a submit replaces that card with the answer. Inside a card
   * press the adapter answers with the form directly instead (see inbound/invoke.ts). */
  async openModal(triggerRef: string, modal: Modal): Promise<void> {
    const stored = triggerRef.startsWith('user:') ? await this.personalChat({ userId: triggerRef.slice('user:'.length) }) : await this.conversation(triggerRef);
    await this.sendTo(stored, [cardActivity(this.formCard(modal, true), modal.title)]);
  }

  classifyError(error: unknown): DeliveryFailure {
    if (error instanceof WaitingOutRateLimit) return { retryable: true, rateLimited: true, retryAfterMs: error.retryAfterMs, reason: 'rate_limited' };
    return classifyTeamsError(error);
  }

  /** The person's 1:1 chat with Rollcall: stored, or opened now (and stored) from a conversation Rollcall
   * is in: `from` (where they spoke to it), else one in the school's team or tenant. */
  async personalChat(target: PersonalTarget, from?: StoredConversation, scope: PlatformScope = {}): Promise<StoredConversation> {
    const key = personalChannelName(target.userId);
    const known = await this.store.personal(target.userId);
    if (known) return known;
    const tenant = scope.tenantId ?? this.tenantId;
    const template = from ?? (await this.store.template({ ...(scope.teamId ? { teamId: scope.teamId } : {}), ...(tenant ? { tenantId: tenant } : {}) }));
    if (!template) {
      throw new NotConnectedYet('no_conversation_yet', 'Rollcall has not been added to the school’s team (or any chat in its tenant) yet, so it cannot open a 1:1 chat: add Rollcall to the team');
    }
    const tenantId = template.tenantId ?? template.reference.conversation.tenantId ?? this.tenantId;
    const reference = await this.sender.openPersonal(template.reference, target.memberId ?? target.userId, tenantId);
    const stored: StoredConversation = { conversationId: baseConversationId(reference.conversation.id), reference, channelName: key, ...(tenantId ? { tenantId } : {}) };
    await this.store.save(stored);
    return stored;
  }
}
