// Which pending outbox messages may go in this round, and in which lanes. Pure: the worker reads the
// rows, this decides.
//
// A lane is one conversation in a channel: a message with its updates and thread replies (its root is
// the thread's or the message's own key). Different conversations may overtake each other, so twenty
// incident cards raised together are posted together rather than one after another. Nothing else may:
// within a lane the enqueue order holds, and a message with no key (a file after its digest, a notice)
// neither overtakes nor is overtaken by anything else in its channel. Nothing overtakes a message that
// is not due yet (waiting out a retry) in its own lane, and unkeyed messages wait for it too.

export interface PendingRow {
  id: string;
  platform: string;
  channel: string;
  /** The conversation's key; '' for a message with none. */
  root: string;
  createdAt: Date;
  due: boolean;
}

/** `rows` in lane order (platform, channel, root, then enqueue order); returns up to `maxLanes` lanes of ids. */
export function chooseLanes(rows: readonly PendingRow[], maxLanes: number): string[][] {
  // Per channel: the oldest pending message of any conversation, and the oldest unkeyed one.
  const oldestKeyed = new Map<string, number>();
  const oldestUnkeyed = new Map<string, number>();
  for (const row of rows) {
    const channel = `${row.platform}\u0000${row.channel}`;
    const oldest = row.root === '' ? oldestUnkeyed : oldestKeyed;
    const at = row.createdAt.getTime();
    if (at < (oldest.get(channel) ?? Infinity)) oldest.set(channel, at);
  }
  const lanes = new Map<string, string[]>();
  const stopped = new Set<string>();
  for (const row of rows) {
    const channel = `${row.platform}\u0000${row.channel}`;
    const lane = `${channel}\u0000${row.root}`;
    if (stopped.has(lane)) continue;
    const at = row.createdAt.getTime();
    const overtakes = row.root === '' ? at > (oldestKeyed.get(channel) ?? Infinity) : at > (oldestUnkeyed.get(channel) ?? Infinity);
    if (!row.due || overtakes) {
      stopped.add(lane);
      continue;
    }
    lanes.set(lane, [...(lanes.get(lane) ?? []), row.id]);
  }
  return [...lanes.values()].slice(0, maxLanes);
}
