import { describe, expect, it } from 'vitest';
import { chooseLanes, type PendingRow } from '../../src/jobs/outbox-lanes.js';

let clock = 0;
const row = (id: string, channel: string, root: string, due = true): PendingRow => ({
  id, platform: 'slack', channel, root, createdAt: new Date(Date.UTC(2026, 10, 23, 9, 0, 0, ++clock)), due,
});
/** What the worker's query gives: lane order, enqueue order within a lane. */
const inLaneOrder = (rows: PendingRow[]) =>
  [...rows].sort((a, b) => a.channel.localeCompare(b.channel) || a.root.localeCompare(b.root) || a.createdAt.getTime() - b.createdAt.getTime());

describe('chooseLanes', () => {
  it('lets different conversations in a channel go side by side, each in enqueue order', () => {
    const rows = [row('card-a', '#incidents', 'a'), row('card-b', '#incidents', 'b'), row('a-reply', '#incidents', 'a')];
    expect(chooseLanes(inLaneOrder(rows), 20)).toEqual([['card-a', 'a-reply'], ['card-b']]);
  });

  it('holds an unkeyed message (a chart) until every earlier message in its channel has gone', () => {
    const rows = [row('digest', '#slt', 'digest:w47'), row('chart', '#slt', '')];
    expect(chooseLanes(inLaneOrder(rows), 20)).toEqual([['digest']]);
    expect(chooseLanes(inLaneOrder(rows.slice(1)), 20)).toEqual([['chart']]);
  });

  it('holds a conversation behind an earlier unkeyed message, and not behind a later one', () => {
    const notice = row('notice', '#attendance', '');
    const list = row('list', '#attendance', 'am-list');
    const late = row('late-notice', '#attendance', '');
    expect(chooseLanes(inLaneOrder([notice, list, late]), 20)).toEqual([['notice']]);
    expect(chooseLanes(inLaneOrder([list, late]), 20)).toEqual([['list']]);
  });

  it('stops a lane at a message that is not due, and other channels are not held up', () => {
    const rows = [row('a1', '#one', 'a', false), row('a2', '#one', 'a'), row('b1', '#one', 'b'), row('x', '#two', '')];
    expect(chooseLanes(inLaneOrder(rows), 20)).toEqual([['b1'], ['x']]);
  });

  it('serves at most maxLanes lanes in a round', () => {
    const rows = Array.from({ length: 5 }, (_, i) => row(`card-${i}`, '#incidents', `k${i}`));
    expect(chooseLanes(inLaneOrder(rows), 3)).toHaveLength(3);
  });
});
