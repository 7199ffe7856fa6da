// What a school's MIS sends meets the register's own rules, as a marks or pupils file does: a mark on a day
// the calendar says the school did not meet, or before the pupil's admission, is held back by its MIS
// record and kept out of the register while the rest of its batch is written (a marks file would be
// refused whole); a closure code on an INSET day is a true record; a present symbol in the other session
// and a later admission date that leaves marks outside it are taken with a warning naming the MIS record.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { misSync } from '../../src/cli/operations/mis.js';
import { loadSchool } from '../../src/register/schools.js';
import { schoolFacts } from '../../src/reports/pupil-facts.js';
import { pupilsReport } from '../../src/reports/pupils-report.js';
import { SLUG } from '../workflows/unexplained/support.js';
import { studentIdOf, startMisSchool, WONDE_SCHOOL, WONDE_TOKEN, type MisSchool } from './support.js';

const NOW = new Date('2026-11-23T09:20:00Z');
const LATER = new Date('2026-11-23T09:40:00Z');
const LATER_STILL = new Date('2026-11-23T10:00:00Z');
let s: MisSchool;
afterEach(async () => {
  vi.unstubAllEnvs();
  await s?.close();
});

async function marksOf(upn: string) {
  const marks = await s.db.prisma.sessionMark.findMany({ where: { schoolId: s.schoolId, pupil: { upn } }, orderBy: [{ date: 'asc' }, { session: 'asc' }] });
  return marks.map((m) => `${m.date.toISOString().slice(0, 10)} ${m.session} ${m.code}`);
}

async function possibleSessions(upn: string): Promise<number | undefined> {
  const { policy } = await loadSchool(s.db.prisma, { id: s.schoolId });
  const facts = await schoolFacts(s.db.sql, s.schoolId, policy, '2026-11-23');
  return pupilsReport(facts).find((r) => r.upn === upn)?.possibleSessions;
}

function admitted(upn: string, date: string) {
  const record = s.fake.store.school(WONDE_SCHOOL).students.get(studentIdOf(upn))!.record;
  return { ...record, education_details: { data: { upn, admission_date: { date: `${date} 00:00:00.000000`, timezone_type: 3, timezone: 'UTC' }, leaving_date: null } } };
}

describe('marks synced from the MIS', () => {
  it('on a weekend or in half term are held back by MIS record and day, and the rest of the batch is written', async () => {
    s = await startMisSchool({ now: NOW });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    const before = { amy: await marksOf('A100000000001'), amyB: await marksOf('A100000000002'), amendments: await s.db.prisma.markAmendment.count() };
    const store = s.fake.store;
    // A good change (Friday PM, present -> illness) in the same read as two marks on days without a session.
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000002'), date: '2026-11-20', session: 'PM', code: 'I' }, LATER);
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000001'), date: '2026-11-21', session: 'AM', code: 'O' }, LATER);
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000001'), date: '2026-10-28', session: 'PM', code: 'G' }, LATER);
    const saturday = store.school(WONDE_SCHOOL).attendance.get(`${studentIdOf('A100000000001')}|2026-11-21|AM`)!.record.id;
    const halfTerm = store.school(WONDE_SCHOOL).attendance.get(`${studentIdOf('A100000000001')}|2026-10-28|PM`)!.record.id;

    const outcome = await s.sync(LATER);
    expect(outcome).toMatchObject({ ok: true, counts: { marks: 3, marksAmended: 1, marksHeldBack: 2 } });
    if (!outcome.ok) return;
    expect(outcome.applied.errors).toEqual([]);
    expect(outcome.applied.heldBack).toEqual([
      `marks: record ${saturday} (A100000000001 2026-11-21 AM): no AM session on 2026-11-21, a Saturday: the school's calendar says it did not meet. If the mark is wrong, correct it in the MIS: the next sync reads it. If the school did meet, the calendar in its policy is wrong: correct it (rollcall school add <school> --policy FILE); the nightly reconcile (or rollcall mis sync --school <school> --full) reads the mark again`,
      expect.stringContaining(`marks: record ${halfTerm} (A100000000001 2026-10-28 PM): no PM session on 2026-10-28, in the autumn half term (26 Oct 2026 to 30 Oct 2026)`),
    ]);
    // Nothing here is imported from a file: the advice is the MIS's, never the CSV import's.
    expect(outcome.applied.heldBack.filter((r) => r.includes('import again'))).toEqual([]);
    // The good change is in, as an amendment; the held-back marks are not.
    const amyB = await marksOf('A100000000002');
    expect(amyB).toContain('2026-11-20 PM I');
    expect(amyB).toHaveLength(before.amyB.length);
    expect(await marksOf('A100000000001')).toEqual(before.amy);
    expect(await s.db.prisma.markAmendment.count()).toBe(before.amendments + 1);
    expect(await s.db.prisma.registerFeed.findUnique({ where: { schoolId: s.schoolId } })).toMatchObject({ failingSince: null, lastError: null });

    // The nightly reconcile reads them again and holds them back again; the amendment is not made twice.
    const reconcile = await s.sync(LATER_STILL, true);
    expect(reconcile).toMatchObject({ ok: true });
    if (reconcile.ok) expect(reconcile.applied.heldBack).toHaveLength(2);
    expect(await marksOf('A100000000001')).toEqual(before.amy);
    expect(await s.db.prisma.markAmendment.count()).toBe(before.amendments + 1);
  });

  it('before the pupil\'s admission date are held back; a closure code on an INSET day is taken, \\ in a morning with a warning', async () => {
    s = await startMisSchool({ now: NOW });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    const store = s.fake.store;
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000005'), date: '2024-09-03', session: 'AM', code: 'O' }, LATER);
    const early = store.school(WONDE_SCHOOL).attendance.get(`${studentIdOf('A100000000005')}|2024-09-03|AM`)!.record.id;
    const held = await s.sync(LATER);
    expect(held).toMatchObject({ ok: true, counts: { marksHeldBack: 1 } });
    if (held.ok) expect(held.applied.heldBack).toEqual([`marks: record ${early} (A100000000005 2024-09-03 AM): 2024-09-03 is before A100000000005's admission date (2024-09-04)`]);
    expect(await marksOf('A100000000005')).not.toContain('2024-09-03 AM O');

    await s.close();
    s = await startMisSchool({ now: NOW });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    s.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000001'), date: '2026-09-01', session: 'AM', code: '#' }, LATER);
    s.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000004'), date: '2026-11-20', session: 'AM', code: '\\' }, LATER);
    const symbol = s.fake.store.school(WONDE_SCHOOL).attendance.get(`${studentIdOf('A100000000004')}|2026-11-20|AM`)!.record.id;
    const taken = await s.sync(LATER);
    expect(taken).toMatchObject({ ok: true, counts: { marks: 2 } });
    if (!taken.ok) return;
    expect(await marksOf('A100000000001')).toContain('2026-09-01 AM #');
    expect(await marksOf('A100000000004')).toContain('2026-11-20 AM \\');
    expect(taken.applied.warnings).toEqual([
      `marks: record ${symbol}: A100000000004 2026-11-20 AM: \\ is the afternoon present mark; the morning one is /. Imported as present; correct it in the MIS`,
    ]);
  });
});

describe('pupils synced from the MIS', () => {
  it('a later admission date is taken with a warning naming the marks it leaves outside, which then count in no figure', async () => {
    s = await startMisSchool({ now: NOW });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    const kept = await marksOf('A100000000001');
    expect(await possibleSessions('A100000000001')).toBe(11);
    s.fake.store.putStudent(WONDE_SCHOOL, admitted('A100000000001', '2026-11-18'), LATER);
    const outcome = await s.sync(LATER);
    expect(outcome).toMatchObject({ ok: true, counts: { pupils: 1 } });
    if (!outcome.ok) return;
    expect(outcome.applied.warnings).toEqual([
      `pupils: record ${studentIdOf('A100000000001')}: A100000000001's admission date is now 2026-11-18 (was 2022-09-05): 4 marks outside those dates (2026-11-16 AM /, 2026-11-16 PM \\, 2026-11-17 AM / and 1 more) stay in the register but no longer count in any figure; if the new date is wrong, correct it in the MIS and import again`,
    ]);
    expect(await marksOf('A100000000001')).toEqual(kept);
    // 18, 19 and 20 November and this morning: the two days before admission count in no figure.
    expect(await possibleSessions('A100000000001')).toBe(7);
  });
});

describe('rollcall mis sync', () => {
  it('prints the marks it held back and what the import took with a warning, by MIS record', async () => {
    s = await startMisSchool({ now: NOW });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    vi.stubEnv('WONDE_TOKEN', WONDE_TOKEN);
    vi.stubEnv('WONDE_API_URL', s.fake.url);
    s.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000002'), date: '2026-11-19', session: 'PM', code: '/' }, LATER);
    const symbol = s.fake.store.school(WONDE_SCHOOL).attendance.get(`${studentIdOf('A100000000002')}|2026-11-19|PM`)!.record.id;
    s.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000001'), date: '2026-11-22', session: 'AM', code: 'O' }, LATER);
    const sunday = s.fake.store.school(WONDE_SCHOOL).attendance.get(`${studentIdOf('A100000000001')}|2026-11-22|AM`)!.record.id;
    const outcome = await misSync.run(s.db, { school: SLUG, full: false }, { tty: false });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout.split('\n')).toEqual([
      `incremental sync of ${SLUG}: 0 pupils, 0 contacts, 0 staff, 2 marks (0 new, 1 amended, 1 held back), 0 leavers`,
      expect.stringMatching(new RegExp(`^  held back: marks: record ${sunday} \\(A100000000001 2026-11-22 AM\\): no AM session on 2026-11-22, a Sunday`)),
      `  warning: marks: record ${symbol}: A100000000002 2026-11-19 PM: / is the morning present mark; the afternoon one is \\. Imported as present; correct it in the MIS`,
      '',
    ]);
  });
});
