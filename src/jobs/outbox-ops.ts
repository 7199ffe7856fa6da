// The operations an outbox message can ask of a chat platform (kept apart so the worker and enqueue share
// them without importing each other).

export type OutboxOp = 'post' | 'update' | 'dm' | 'upload' | 'ephemeral';
export const OUTBOX_OPS: readonly OutboxOp[] = ['post', 'update', 'dm', 'upload', 'ephemeral'];

export function isOutboxOp(op: string): op is OutboxOp {
  return (OUTBOX_OPS as readonly string[]).includes(op);
}
