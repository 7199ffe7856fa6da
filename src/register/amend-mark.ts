// The one place a single register entry changes outside an import: a reason recorded in chat, an N code
// resolved, a correction. Register regulations (reg 6) require the original entry, the new one, the reason,
// the date and who made it; every change here keeps a MarkAmendment and an AuditEvent in the caller's
// transaction. Asking for the entry that is already there writes nothing.

import type { MarkAmendment, Prisma, SessionMark } from '../db/generated/client.js';
import { codeOn, explainInvalidCode } from '../rules/codes.js';
import { isIsoDate } from '../rules/dates.js';
import type { IsoDate, Session } from '../rules/types.js';
import { fromDbDate, fromDbDateOrNull, toDbDate } from './db-dates.js';
import { RollcallError } from '../errors/rollcall-error.js';
import { auditActor, type RegisterActor } from './types.js';

export interface AmendMarkInput {
  schoolId: string;
  pupilId: string;
  date: IsoDate;
  session: Session;
  newCode: string;
  reason: string;
  actor: RegisterActor;
  source: 'chat' | 'import' | 'system' | 'demo';
  /** Omitted: kept for a late code (L, U), cleared for any other. */
  minutesLate?: number | null;
  note?: string | null;
  /** When the change is made (the caller's clock): the mark's, the amendment's and the audit row's time. */
  now: Date;
}

export interface AmendMarkResult {
  changed: boolean;
  mark: SessionMark;
  amendment: MarkAmendment | null;
}

/** Codes for which "minutes late" means something. */
const LATE_CODES = new Set(['L', 'U']);

export async function amendMark(tx: Prisma.TransactionClient, input: AmendMarkInput): Promise<AmendMarkResult> {
  const { schoolId, pupilId, date, session, newCode, actor, now } = input;
  if (!isIsoDate(date)) throw new RollcallError('INVALID_INPUT', `"${date}" is not a real date written YYYY-MM-DD`);
  if (session !== 'AM' && session !== 'PM') throw new RollcallError('INVALID_INPUT', `session must be AM or PM, not "${String(session)}"`);
  if (!codeOn(newCode, date)) throw new RollcallError('INVALID_CODE', explainInvalidCode(newCode, date));
  const reason = input.reason.trim();
  if (reason === '') throw new RollcallError('INVALID_INPUT', 'a register change needs a reason (register regulations keep it with the amendment)');
  if (input.minutesLate !== undefined && input.minutesLate !== null && !(Number.isInteger(input.minutesLate) && input.minutesLate >= 0)) {
    throw new RollcallError('INVALID_INPUT', 'minutes late must be a whole number, 0 or more');
  }

  const pupil = await tx.pupil.findFirst({ where: { id: pupilId, schoolId } });
  if (!pupil) throw new RollcallError('UNKNOWN_PUPIL', 'that pupil is not on this school\'s roll');
  const admitted = fromDbDate(pupil.admissionDate);
  const left = fromDbDateOrNull(pupil.leavingDate);
  if (date < admitted) throw new RollcallError('INVALID_INPUT', `${date} is before the pupil's admission date (${admitted})`);
  if (left !== null && date > left) throw new RollcallError('INVALID_INPUT', `${date} is after the pupil's leaving date (${left})`);

  const key = { pupilId_date_session: { pupilId, date: toDbDate(date), session } };
  const current = await tx.sessionMark.findUnique({ where: key });
  const minutesLate =
    input.minutesLate !== undefined ? input.minutesLate : LATE_CODES.has(newCode) ? (current?.minutesLate ?? null) : null;
  if (current && current.code === newCode && current.minutesLate === minutesLate && (input.note === undefined || input.note === current.note)) {
    return { changed: false, mark: current, amendment: null };
  }
  const recordedBy = auditActor(actor);
  const fields = { code: newCode, minutesLate, source: input.source, recordedBy, recordedAt: now, ...(input.note !== undefined ? { note: input.note } : {}) };
  const mark = await tx.sessionMark.upsert({
    where: key,
    create: { schoolId, pupilId, date: toDbDate(date), session, ...fields },
    update: fields,
  });
  const amendment = await tx.markAmendment.create({
    data: {
      schoolId,
      pupilId,
      date: toDbDate(date),
      session,
      originalCode: current?.code ?? null,
      newCode,
      reason,
      amendedBy: actor.name,
      amendedRole: actor.role,
      source: input.source,
      amendedAt: now,
    },
  });
  await tx.auditEvent.create({
    data: {
      schoolId,
      at: now,
      actor: recordedBy,
      actorRole: actor.role,
      action: 'mark.amended',
      entityType: 'SessionMark',
      entityId: String(mark.id),
      data: { pupilId, date, session, from: current?.code ?? null, to: newCode, amendmentId: amendment.id, source: input.source },
    },
  });
  return { changed: true, mark, amendment };
}
