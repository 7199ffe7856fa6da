// In-process wake-up for outbox workers: enqueue() emits 'enqueued' after writing a row, so a running
// worker in the same process delivers within milliseconds instead of waiting for its next poll.
import { EventEmitter } from 'node:events';

export const outboxSignal = new EventEmitter();
outboxSignal.setMaxListeners(0);
