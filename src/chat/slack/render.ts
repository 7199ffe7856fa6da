// Block Kit for whole surfaces: a message (split into as many Slack messages as its length needs,
// each labelled "page N of M"), the App Home view (one screen, the rest noted) and modals.

import type { types } from '@slack/bolt';
import type { Block, ChatMessage, Modal, ModalInput } from '../model.js';
import { SLACK_LIMITS as L, charLength, truncate } from './limits.js';
import { escapeSlack, toPlain } from './mrkdwn.js';
import { blockChars, blockUnits, type SlackBlock, type Unit } from './render-blocks.js';
import { mrkdwn, plainText, renderOptions, SlackRenderError } from './render-elements.js';

export interface SlackPage {
  /** Notification / fallback text. */
  text: string;
  blocks: SlackBlock[];
}

interface PageBudget {
  maxBlocks: number;
  maxChars: number;
}

const LABEL_BLOCKS = 2; // "(continued)" on top, "page N of M" at the bottom
const LABEL_CHARS = 400;

function pack(units: readonly Unit[], budget: PageBudget): SlackBlock[][] {
  const pages: SlackBlock[][] = [];
  let page: SlackBlock[] = [];
  let chars = 0;
  for (const unit of units) {
    const unitChars = blockChars(unit.blocks);
    const full = page.length + unit.blocks.length > budget.maxBlocks || chars + unitChars > budget.maxChars;
    if (page.length > 0 && full) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    page.push(...unit.blocks);
    chars += unitChars;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [mrkdwn(text, L.sectionText)] };
}

function units(blocks: readonly Block[]): Unit[] {
  return blocks.flatMap(blockUnits);
}

/** One message, as one or more Slack messages that each fit every Block Kit limit. */
export function renderMessage(message: ChatMessage, maxBlocks: number = L.messageBlocks): SlackPage[] {
  const all = units(message.blocks);
  const single = pack(all, { maxBlocks, maxChars: L.messageChars });
  // The fallback text is read as mrkdwn too (notifications): escaped, so typed <!channel> pings nobody.
  const summary = truncate(escapeSlack(toPlain(message.summary)), L.fallbackText - 20);
  if (single.length === 1) return [{ text: summary, blocks: single[0] ?? [] }];

  const pages = pack(all, { maxBlocks: maxBlocks - LABEL_BLOCKS, maxChars: L.messageChars - LABEL_CHARS });
  const title = message.blocks.find((b): b is Extract<Block, { kind: 'header' }> => b.kind === 'header')?.text ?? message.summary;
  return pages.map((blocks, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    const top = i === 0 ? [] : [context(`**${truncate(toPlain(title), 200)}** (continued)`)];
    return { text: `${summary} (${label.toLowerCase()})`, blocks: [...top, ...blocks, context(label)] };
  });
}

/** The App Home tab: what fits on one screen, with a note when more was left out. */
export function renderHome(message: ChatMessage): types.HomeView {
  const pages = pack(units(message.blocks), { maxBlocks: L.surfaceBlocks - 1, maxChars: L.messageChars * 4 });
  const blocks = pages[0] ?? [];
  if (pages.length > 1) blocks.push(context(`Showing what fits on one screen; ${pages.length - 1} more screen(s) left out. Use the channel lists for the rest.`));
  return { type: 'home', blocks };
}

function renderInput(input: ModalInput): SlackBlock {
  const optional = input.optional ?? false;
  const label = plainText(input.label, L.inputLabel);
  if (input.kind === 'select') {
    const { options, initial } = renderOptions(input.options, input.initialValue);
    const element: types.StaticSelect = { type: 'static_select', action_id: input.id, options };
    if (initial) element.initial_option = initial;
    return { type: 'input', block_id: input.id, label, optional, element };
  }
  const element: types.PlainTextInput = { type: 'plain_text_input', action_id: input.id, multiline: input.kind === 'multiline' };
  if (input.placeholder) element.placeholder = plainText(input.placeholder, L.placeholder);
  if (input.initialValue !== undefined) element.initial_value = truncate(input.initialValue, input.maxLength ?? L.plainTextInput);
  if (input.maxLength !== undefined) element.max_length = Math.min(input.maxLength, L.plainTextInput);
  return { type: 'input', block_id: input.id, label, optional, element };
}

export function renderModal(modal: Modal): types.ModalView {
  const metadata = modal.privateMetadata ?? '';
  if (charLength(metadata) > L.privateMetadata) throw new SlackRenderError(`modal ${modal.callbackId}: private metadata over ${L.privateMetadata} characters`);
  const blocks = [...units(modal.intro ?? []).flatMap((u) => u.blocks), ...modal.inputs.map(renderInput)];
  if (blocks.length > L.surfaceBlocks) throw new SlackRenderError(`modal ${modal.callbackId}: ${blocks.length} blocks, Slack allows ${L.surfaceBlocks}`);
  return {
    type: 'modal',
    callback_id: modal.callbackId,
    title: plainText(modal.title, L.modalTitle),
    submit: plainText(modal.submitLabel, L.modalButton),
    close: plainText(modal.closeLabel ?? 'Cancel', L.modalButton),
    private_metadata: metadata,
    blocks,
  };
}
