// Builds and signs Slack deliveries the way Slack does (v0 HMAC-SHA256 over "v0:{ts}:{raw body}"), so
// end-to-end tests can drive the real Bolt receiver over HTTP. The timestamp is injectable to test
// stale requests; the signature can be forged to test refusal.

import { createHmac } from 'node:crypto';

export interface SignedHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function signSlackRequest(signingSecret: string, rawBody: string, timestamp: number = nowSeconds()): SignedHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp) };
}

export interface SlashCommandFields {
  command: string;
  text?: string;
  user_id?: string;
  team_id?: string;
  channel_id?: string;
  channel_name?: string;
  trigger_id?: string;
  response_url?: string;
}

/** application/x-www-form-urlencoded body of a slash command, with Slack's HTML escaping of & < >. */
export function slashCommandBody(fields: SlashCommandFields): string {
  const escaped = (fields.text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team_id ?? 'T0SCHOOL',
    team_domain: 'school',
    channel_id: fields.channel_id ?? 'C0OFFICE',
    channel_name: fields.channel_name ?? 'office',
    user_id: fields.user_id ?? 'U0OFFICE',
    user_name: 'office',
    command: fields.command,
    text: escaped,
    api_app_id: 'A0ROLLCALL',
    response_url: fields.response_url ?? 'https://hooks.slack.invalid/commands/1/2/3',
    trigger_id: fields.trigger_id ?? `trigger-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** Interactivity deliveries are form-encoded with the JSON in one `payload` field. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface BlockActionFields {
  actionId: string;
  value?: string;
  selectedOption?: string;
  userId?: string;
  teamId?: string;
  channelId?: string;
  messageTs?: string;
  isEphemeral?: boolean;
  responseUrl?: string;
  triggerId?: string;
  /** 'home' for a press on the App Home tab (no channel, no response_url). */
  viewType?: 'home';
}

export function blockActionsPayload(f: BlockActionFields): object {
  const action = f.selectedOption !== undefined
    ? { type: 'static_select', action_id: f.actionId, block_id: 'b1', action_ts: '1.2', selected_option: { text: { type: 'plain_text', text: f.selectedOption }, value: f.selectedOption } }
    : { type: 'button', action_id: f.actionId, block_id: 'b1', action_ts: '1.2', value: f.value ?? '', text: { type: 'plain_text', text: 'Button' } };
  const base = {
    type: 'block_actions',
    team: { id: f.teamId ?? 'T0SCHOOL', domain: 'school' },
    user: { id: f.userId ?? 'U0OFFICE', username: 'office', team_id: f.teamId ?? 'T0SCHOOL' },
    api_app_id: 'A0ROLLCALL',
    token: 'legacy-verification-token',
    trigger_id: f.triggerId ?? `trigger-${Math.random().toString(36).slice(2)}`,
    actions: [action],
  };
  if (f.viewType === 'home') {
    return { ...base, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', callback_id: '', private_metadata: '', state: { values: {} } } };
  }
  const channel = f.channelId ?? 'C0OFFICE';
  const ts = f.messageTs ?? '1763900000.000001';
  return {
    ...base,
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: f.isEphemeral ?? false },
    channel: { id: channel, name: 'office' },
    message: { type: 'message', ts, text: 'list' },
    response_url: f.responseUrl ?? 'https://hooks.slack.invalid/actions/1/2/3',
  };
}

export interface ViewSubmissionFields {
  callbackId: string;
  /** input id -> typed text or chosen option value (undefined = left empty). */
  values: Record<string, { text?: string; option?: string }>;
  privateMetadata?: string;
  userId?: string;
  teamId?: string;
  triggerId?: string;
}

export function viewSubmissionPayload(f: ViewSubmissionFields): object {
  const values: Record<string, Record<string, object>> = {};
  for (const [id, v] of Object.entries(f.values)) {
    values[id] = {
      [id]: v.option !== undefined
        ? { type: 'static_select', selected_option: { text: { type: 'plain_text', text: v.option }, value: v.option } }
        : { type: 'plain_text_input', value: v.text ?? null },
    };
  }
  return {
    type: 'view_submission',
    team: { id: f.teamId ?? 'T0SCHOOL', domain: 'school' },
    user: { id: f.userId ?? 'U0OFFICE', name: 'office', team_id: f.teamId ?? 'T0SCHOOL' },
    api_app_id: 'A0ROLLCALL',
    token: 'legacy-verification-token',
    trigger_id: f.triggerId ?? `trigger-${Math.random().toString(36).slice(2)}`,
    view: {
      id: 'VMODAL',
      type: 'modal',
      callback_id: f.callbackId,
      team_id: f.teamId ?? 'T0SCHOOL',
      private_metadata: f.privateMetadata ?? '',
      state: { values },
    },
  };
}

/** An Events API delivery (sent as JSON), e.g. app_home_opened. */
export function eventCallback(event: object, f: { eventId: string; teamId?: string }): object {
  const teamId = f.teamId ?? 'T0SCHOOL';
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A0ROLLCALL',
    event,
    type: 'event_callback',
    event_id: f.eventId,
    event_time: nowSeconds(),
    authorizations: [{ team_id: teamId, user_id: 'UROLLCALL', is_bot: true }],
  };
}

export interface SendOptions {
  signingSecret: string;
  /** Default application/x-www-form-urlencoded (commands, interactivity); events use application/json. */
  contentType?: string;
  timestamp?: number;
  /** Replace the computed signature (forgery tests). */
  signature?: string;
  headers?: Record<string, string>;
}

/** POST a raw body to the receiver, signed like Slack. */
export async function sendSigned(url: string, rawBody: string, options: SendOptions): Promise<Response> {
  const signed = signSlackRequest(options.signingSecret, rawBody, options.timestamp);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...signed,
      ...(options.signature === undefined ? {} : { 'x-slack-signature': options.signature }),
      ...options.headers,
    },
    body: rawBody,
  });
}
