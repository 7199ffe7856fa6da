// What the office is told about the MIS's own records after a sync: marks held back from the register
// (each with its reason) and the import's warnings. Each distinct note is told once, however many polls
// and nightly reconciles read the same record again: an audit row per note told (action
// 'register.mis-note', entityId a hash of the school and the note) is what makes it once-only, written in
// the same transaction as the message. The notes name MIS records, UPNs, dates and sessions, so they go
// by direct message to the people who resolve register entries (roles.duties.resolveNCodes), never to a
// channel and never to the log.
import { createHash } from 'node:crypto';
import { context, header, literal, message, text, type ChatMessage } from '../../chat/index.js';
import type { AppServices } from '../../core/workflow.js';
import type { Db } from '../../jobs/index.js';
import type { AppliedChanges } from '../../mis/apply-changes.js';
import type { SchoolWithPolicy } from '../../register/schools.js';

export const NOTE_ACTION = 'register.mis-note';
/** Lines listed per kind in one message; the rest are counted (a first full sync can bring hundreds). */
const SHOWN = 20;

type Note = { kind: 'held back' | 'warning'; text: string; id: string };

const noteId = (schoolId: string, kind: string, text: string) => createHash('sha256').update(`${schoolId}\n${kind}\n${text}`).digest('hex').slice(0, 32);

/** Tells the office the notes it has not been told yet; returns how many were new. */
export async function tellRegisterNotes(tx: Db, services: AppServices, school: SchoolWithPolicy, applied: Pick<AppliedChanges, 'heldBack' | 'warnings'>): Promise<number> {
  const all: Note[] = [
    ...[...new Set(applied.heldBack)].map((t) => ({ kind: 'held back' as const, text: t, id: noteId(school.id, 'held back', t) })),
    ...[...new Set(applied.warnings)].map((t) => ({ kind: 'warning' as const, text: t, id: noteId(school.id, 'warning', t) })),
  ];
  if (all.length === 0) return 0;
  const told = new Set<string>();
  for (let i = 0; i < all.length; i += 1000) {
    const rows = await tx.auditEvent.findMany({
      where: { schoolId: school.id, action: NOTE_ACTION, entityType: 'MisRecord', entityId: { in: all.slice(i, i + 1000).map((n) => n.id) } },
      select: { entityId: true },
    });
    for (const r of rows) if (r.entityId) told.add(r.entityId);
  }
  const fresh = all.filter((n) => !told.has(n.id));
  if (fresh.length === 0) return 0;
  const key = `mis-notes:${school.id}:${createHash('sha256').update(fresh.map((n) => n.id).join(',')).digest('hex').slice(0, 32)}`;
  const sent = await services.notify.direct(tx, { school, key, roles: school.policy.roles.duties.resolveNCodes, message: notesMessage(school, fresh) });
  // Nobody to tell yet (no one holds the role on a platform): tell them once someone does.
  if (sent === 0) return 0;
  await tx.auditEvent.createMany({
    data: fresh.map((n) => ({ schoolId: school.id, actor: 'system', actorRole: 'mis-sync', action: NOTE_ACTION, entityType: 'MisRecord', entityId: n.id, data: { kind: n.kind } })),
  });
  return fresh.length;
}

function notesMessage(school: SchoolWithPolicy, notes: Note[]): ChatMessage {
  const held = notes.filter((n) => n.kind === 'held back');
  const warned = notes.filter((n) => n.kind === 'warning');
  const lines = (list: Note[]) => [...list.slice(0, SHOWN).map((n) => `• ${literal(n.text)}`), ...(list.length > SHOWN ? [`…and ${list.length - SHOWN} more (\`rollcall mis sync --school ${school.slug} --full\` lists them all)`] : [])].join('\n');
  const title = held.length ? `${held.length} register ${held.length === 1 ? 'mark' : 'marks'} from the MIS not taken into Rollcall` : 'Remarks on register data from the MIS';
  const blocks = [header(title)];
  if (held.length) {
    blocks.push(
      context("The rest of the MIS's marks arrived. Correct these in the MIS (or the calendar in the school's policy, if that is what is wrong): they are read again at the nightly reconcile."),
      text(lines(held)),
    );
  }
  if (warned.length) blocks.push(context(held.length ? 'Also taken in, with a remark:' : 'Taken in, with a remark:'), text(lines(warned)));
  return message(title, ...blocks);
}
