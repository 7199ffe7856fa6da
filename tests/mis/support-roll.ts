// The roll changing in the MIS, seen through the chat: one scenario, driven on Slack, Teams and local mode
// after their morning of the feed (support-feed.ts). Ben Ode (1R) is deleted in Wonde after Monday's
// registers: on Tuesday he is on no list, naming him gets a clear answer and records nothing, and his
// history stays. Zara New is admitted to 3B at 11:00 on Tuesday (her AM marked Z, not on roll yet), coded N
// in the PM register: the PM list shows her and /call names her.
import { expect } from 'vitest';
import type { Database } from '../../src/db/client.js';
import type { PollResult } from '../../src/workflows/mis/index.js';
import { JOBS, TODAY, type Feed } from './support-feed.js';
import { studentIdOf, WONDE_SCHOOL } from './support.js';

export const TUESDAY = '2026-11-24';
const BEN = 'A100000000006';
const ZARA = 'B200000000001';
const STAYING = ['A100000000001', 'A100000000002', 'A100000000003', 'A100000000004', 'A100000000005'];

/** What a transport's test gives the scenario. Each step delivers what Rollcall sent before it returns. */
export interface RollDriver {
  db: Database;
  schoolId: string;
  feed: Feed;
  /** Polls the MIS at `at` (the clock moved there). */
  poll(at: string): Promise<PollResult>;
  /** Runs a register-close job at `at`. */
  close(job: string, at: string): Promise<void>;
  /** The office logs a call (`/call <words>`, or the Teams message): the private answer's text. */
  call(words: string): Promise<string>;
  /** The text of the attendance channel's list whose heading has `heading` ("AM Tue 24 Nov"), or ''. */
  list(heading: string): string;
}

function takeRegister(feed: Feed, session: 'AM' | 'PM', at: string, codes: Record<string, string> = {}): void {
  for (const upn of [...STAYING, ...Object.keys(codes)]) {
    const code = codes[upn] ?? (session === 'AM' ? '/' : '\\');
    feed.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf(upn), date: TUESDAY, session, code }, new Date(at));
  }
}

export async function leaverDeletedInTheMis(d: RollDriver): Promise<void> {
  const ben = await d.db.prisma.pupil.findFirstOrThrow({ where: { schoolId: d.schoolId, upn: BEN } });
  const history = async () => ({
    marks: await d.db.prisma.sessionMark.count({ where: { pupilId: ben.id } }),
    cases: await d.db.prisma.unexplainedAbsence.count({ where: { pupilId: ben.id } }),
    attempts: await d.db.prisma.contactAttempt.count({ where: { pupilId: ben.id } }),
  });
  const before = await history();
  expect(before.marks).toBeGreaterThan(0);

  d.feed.fake.store.deleteStudent(WONDE_SCHOOL, studentIdOf(BEN), new Date(`${TODAY}T15:00:00Z`));
  expect(await d.poll(`${TODAY}T15:02:00Z`)).toMatchObject({ sync: { ok: true, counts: { leavers: 1 } } });

  // Tuesday: 1R's register is taken without him. Were he still on roll he would be listed as unmarked.
  takeRegister(d.feed, 'AM', `${TUESDAY}T08:55:00Z`);
  expect(await d.poll(`${TUESDAY}T09:00:00Z`)).toMatchObject({ sync: { ok: true } });
  await d.close(JOBS.amClose, `${TUESDAY}T09:15:00Z`);
  const am = d.list('AM Tue 24 Nov');
  expect(am).toContain('AM Tue 24 Nov');
  expect(am).not.toContain('Registers not taken yet');
  expect(am).not.toContain('Ode');

  expect(await d.call('Ben Ode no-answer')).toContain('Ben Ode left on 23 Nov 2026 and is no longer on roll, so nothing was recorded');
  const after = await d.db.prisma.pupil.findUniqueOrThrow({ where: { id: ben.id } });
  expect(after.leavingDate?.toISOString().slice(0, 10)).toBe(TODAY);
  expect(await history()).toEqual(before);
}

export async function admittedMidDay(d: RollDriver): Promise<void> {
  const store = d.feed.fake.store;
  const amy = store.school(WONDE_SCHOOL).students.get(studentIdOf('A100000000001'))!.record;
  const admitted = new Date(`${TUESDAY}T11:00:00Z`);
  store.putStudent(WONDE_SCHOOL, {
    ...amy, id: studentIdOf(ZARA), forename: 'Zara', surname: 'New', legal_forename: 'Zara', legal_surname: 'New',
    education_details: { data: { upn: ZARA, admission_date: { date: `${TUESDAY} 00:00:00.000000`, timezone_type: 3, timezone: 'UTC' }, leaving_date: null } },
    contacts: { data: [] },
  }, admitted);
  store.putMark(WONDE_SCHOOL, { student: studentIdOf(ZARA), date: TUESDAY, session: 'AM', code: 'Z' }, admitted);
  expect(await d.poll(`${TUESDAY}T11:02:00Z`)).toMatchObject({ sync: { ok: true, counts: { pupils: 1 } } });
  // The morning's list, brought up to date by the new mark, does not count her absent before she came.
  expect(d.list('AM Tue 24 Nov')).not.toContain('Zara');
  expect(await d.db.prisma.unexplainedAbsence.count({ where: { pupil: { upn: ZARA } } })).toBe(0);

  takeRegister(d.feed, 'PM', `${TUESDAY}T13:20:00Z`, { [ZARA]: 'N' });
  expect(await d.poll(`${TUESDAY}T13:22:00Z`)).toMatchObject({ sync: { ok: true } });
  await d.close(JOBS.pmClose, `${TUESDAY}T13:30:00Z`);
  expect(d.list('PM Tue 24 Nov')).toContain('Zara New');
  expect(await d.call('Zara New no-answer')).toMatch(/Logged \W*no answer\W* for Zara New/);
  expect(await d.db.prisma.contactAttempt.count({ where: { pupil: { upn: ZARA }, outcome: 'no-answer' } })).toBe(1);
}
