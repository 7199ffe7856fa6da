// Safeguarding messages in trouble, handed to the workflow they belong to: a message still not delivered
// a minute after it was due, or one that died. The workflow escalates by every other route it has and
// records it on its own timeline; the line it returns goes to the operator's screen (stderr, and the
// local page in local mode). A subject no workflow claims is still reported.
import type { OutboxMessage } from '../db/generated/client.js';
import type { AppServices, UndeliveredMessage, Workflow } from './workflow.js';

export function createEscalations(workflows: readonly Workflow[], services: AppServices, alert: (line: string) => void) {
  async function escalate(row: OutboxMessage, why: UndeliveredMessage['why'], lastError: string | null): Promise<void> {
    if (!row.subject) return;
    const subject = row.subject;
    const owner = workflows.find((w) => w.undelivered && subject.startsWith(w.undelivered.subjectPrefix));
    const message: UndeliveredMessage = {
      id: row.id, key: row.key, schoolId: row.schoolId, platform: row.platform, op: row.op, channel: row.channel,
      subject, purpose: row.purpose, payload: row.payload, createdAt: row.createdAt, escalateAt: row.escalateAt, lastError, why,
    };
    const line = owner?.undelivered
      ? await owner.undelivered.escalate(message, services)
      : `[safeguarding] ${row.platform} message ${row.id} about ${subject} ${why === 'overdue' ? 'is overdue' : why === 'refused' ? 'was refused' : 'could not be delivered'} (${lastError ?? 'not sent yet'})`;
    alert(line);
  }
  return {
    overdue: (row: OutboxMessage) => escalate(row, 'overdue', row.lastError),
    dead: (row: OutboxMessage, lastError: string) => escalate(row, 'dead', lastError),
    refused: (row: OutboxMessage, lastError: string) => escalate(row, 'refused', lastError),
  };
}
