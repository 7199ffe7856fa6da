import type { ViewOutput } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { deliveryKeyOf } from '../../../src/chat/slack/listeners/dedupe.js';
import { slackFieldErrors, viewValues } from '../../../src/chat/slack/listeners/views.js';

const view: ViewOutput = {
  id: 'V1',
  callback_id: 'reason',
  team_id: 'T1',
  app_id: 'A1',
  bot_id: 'B1',
  title: { type: 'plain_text', text: 'Reason' },
  type: 'modal',
  blocks: [],
  close: null,
  submit: null,
  state: {
    values: {
      code: { code: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'M' }, value: 'M' } } },
      note: { note: { type: 'plain_text_input', value: '' } },
      who: { who: { type: 'plain_text_input', value: null } },
      where: { where: { type: 'plain_text_input', value: 'Library' } },
    },
  },
  hash: 'h',
  private_metadata: 'case-1',
  root_view_id: null,
  previous_view_id: null,
  clear_on_close: false,
  notify_on_close: false,
};

describe('Slack listener helpers', () => {
  it('reads modal values by input id, empty inputs as undefined', () => {
    expect(viewValues(view)).toEqual({ code: 'M', note: undefined, who: undefined, where: 'Library' });
  });

  it('puts form-level errors beside the first input and keeps input errors in place', () => {
    expect(slackFieldErrors(view, { note: 'Too short', _form: 'Case already closed', nope: 'Unknown' })).toEqual({
      note: 'Too short',
      code: 'Case already closed Unknown',
    });
  });

  it.each([
    [{ event_id: 'Ev1', trigger_id: 'ignored' }, 'slack:Ev1'],
    [{ trigger_id: '123.456.abc' }, 'slack:123.456.abc'],
    [{ type: 'url_verification' }, undefined],
    [{ event_id: '' }, undefined],
    ['not an object', undefined],
  ])('keys delivery %j as %s', (body, key) => {
    expect(deliveryKeyOf(body)).toBe(key);
  });
});
