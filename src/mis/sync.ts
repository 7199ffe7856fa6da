// One sync of one school: read what changed from its register source (everything on the first sync, a
// nightly reconcile or --full), apply it through the import path, and record the outcome in its
// RegisterFeed. A failed read writes nothing; a batch the import refuses is written by none of its rows.
// Cursors only move when everything applied, so whatever failed is read again next time. Marks the import
// held back (see apply-changes.ts) do not stop them: those are read again by the nightly reconcile (or
// --full), by when the MIS record or the policy's calendar may have been corrected.

import type { Database } from '../db/client.js';
import type { Policy } from '../policy/schema.js';
import { loadSchool } from '../register/schools.js';
import type { RegisterActor } from '../register/types.js';
import { applyChanges, type AppliedChanges } from './apply-changes.js';
import { isMisError } from './errors.js';
import { linksOf, readFeedState, recordSyncFailure, recordSyncSuccess } from './feed-state.js';
import type { RegisterSource } from './source.js';

export const SYNC_ACTOR: RegisterActor = { name: 'MIS sync (Wonde)', role: 'mis-sync' };

export interface SyncOptions {
  db: Database;
  schoolId: string;
  policy: Policy;
  source: RegisterSource;
  now: Date;
  /** Read everything, not only what changed (the first sync is always full). */
  full?: boolean;
}

export type SyncOutcome =
  | { ok: true; full: boolean; applied: AppliedChanges; counts: Record<string, number>; recoveredFrom: Date | null }
  | { ok: false; full: boolean; error: string; retryable: boolean; failingSince: Date; outageBegan: boolean; applied?: AppliedChanges };

export async function syncSchool(options: SyncOptions): Promise<SyncOutcome> {
  const { db, schoolId, source, now } = options;
  const state = await readFeedState(db.prisma, schoolId);
  const full = !!options.full || !state.syncFullAt;
  let applied: AppliedChanges | undefined;
  try {
    const changes = await source.read({ full, cursors: state.cursors, now, links: await linksOf(db.prisma, schoolId, 'pupil') });
    const school = await loadSchool(db.prisma, { id: schoolId });
    applied = await applyChanges(db, school, options.policy, changes, SYNC_ACTOR);
    if (applied.errors.length > 0) return await failed(options, full, refusedText(applied), false, applied);
    const counts = {
      pupils: changes.pupils.length, contacts: changes.contacts.length, staff: changes.staff.length, marks: changes.marks.length, leavers: changes.leavers.length,
      marksInserted: applied.results.marks?.inserted ?? 0, marksAmended: applied.results.marks?.amended ?? 0, marksHeldBack: applied.heldBack.length,
    };
    const recoveredFrom = await recordSyncSuccess(db.prisma, schoolId, { at: now, full, cursors: changes.cursors, counts, marksChanged: applied.marksChanged });
    return { ok: true, full, applied, counts, recoveredFrom };
  } catch (error) {
    if (!isMisError(error)) throw error;
    return failed(options, full, error.message, error.retryable, applied);
  }
}

async function failed(options: SyncOptions, full: boolean, error: string, retryable: boolean, applied?: AppliedChanges): Promise<SyncOutcome> {
  const { failingSince, began } = await recordSyncFailure(options.db.prisma, options.schoolId, options.now, error);
  return { ok: false, full, error, retryable, failingSince, outageBegan: began, ...(applied ? { applied } : {}) };
}

function refusedText(applied: AppliedChanges): string {
  const shown = applied.errors.slice(0, 5);
  const more = applied.errors.length - shown.length;
  return `the register import refused what Wonde sent: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
