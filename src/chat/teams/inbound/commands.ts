// Commands arrive as messages: a commandLists entry from the manifest, or typed text ("absences",
// "/call "Amy Smith" no_answer"), with Rollcall's own @mention stripped (other mentions are kept). The first
// word names the command, the rest are its arguments exactly as typed (quotes kept for parseArgs).

import { stripMentionsText, type IMessageActivity } from '@microsoft/teams.api';
import { personalChannelName } from '../conversation-store.js';
import { readInbound } from './activity.js';
import { envelopeFor, noteArrival, type InboundDeps } from './deps.js';
import { postFormPrivately, replyPrivately } from './private.js';

export const HOME_COMMAND = '/home';

export interface ParsedCommand {
  /** With its leading slash, as the router registers it: "/call". */
  name: string;
  text: string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&nbsp;': ' ' };

/** Teams may send HTML (other people's mentions, <p>, entities); commands want the plain words. */
export function plainMessageText(raw: string): string {
  return raw
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(?:amp|lt|gt|quot|#39|apos|nbsp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** An empty message (just "@Rollcall") asks for help. */
export function parseCommandText(raw: string): ParsedCommand {
  const text = plainMessageText(raw);
  const match = /^\/?(\S+)\s*([\s\S]*)$/.exec(text);
  if (!match?.[1]) return { name: '/rollcall', text: '' };
  return { name: `/${match[1].toLowerCase()}`, text: (match[2] ?? '').trim() };
}

/** Whether a message carries anything to run (a bare card submit or an image does not). */
export function hasCommandText(activity: IMessageActivity): boolean {
  return typeof activity.text === 'string' && activity.text.trim() !== '';
}

export async function handleCommandMessage(deps: InboundDeps, activity: IMessageActivity): Promise<void> {
  const inbound = readInbound(activity);
  await noteArrival(deps, inbound);
  const { name, text } = parseCommandText(stripMentionsText(activity, { accountId: activity.recipient.id }) ?? '');
  const reply = replyPrivately(deps, inbound);
  const envelope = envelopeFor(
    deps,
    inbound,
    { reply, respond: reply, openModal: postFormPrivately(deps, inbound) },
    {
      channel: inbound.conversationId,
      ...(inbound.threadRoot === undefined ? {} : { threadRef: inbound.threadRoot }),
      // Forms open in the person's 1:1 chat; ChatPort.openModal(triggerRef) posts there too.
      triggerRef: personalChannelName(inbound.actorId),
    },
  );
  // Teams has no App Home tab: "home" sends the same view (claimed cases, tasks) to the 1:1 chat.
  if (name === HOME_COMMAND && !deps.router.commands().some((c) => c.name === HOME_COMMAND)) {
    const outcome = await deps.router.dispatch({ kind: 'home' }, envelope);
    if (outcome.kind === 'home') await reply(outcome.message);
    return;
  }
  await deps.router.dispatch({ kind: 'command', name, text }, envelope);
}
