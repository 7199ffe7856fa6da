// Triggers needing a decision (Lutley preset: Dudley 12-in-12, 6 lates, 10 consecutive G sessions from
// age 5, penalty notices requested from the LA): each fires once, the week it is first met, with its
// decision and owner, and not again the next week. Removal grounds only ever ask for enquiries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import type { ChatMessage } from '../../../src/chat/model.js';
import { runWeeklyTiers } from '../../../src/workflows/tiers/run-weekly.js';
import { createTestDatabase } from '../../support/db.js';
import { SchoolCalendar } from '../../../src/rules/index.js';
import { addPupil, createSchool, presetPolicy, register, schoolDays, setMarks, type TestSchool } from './support.js';

let db: Database;
let s: TestSchool;
const calendar = new SchoolCalendar(presetPolicy('lutley').policy.calendar);
const ids = new Map<string, string>();
const LOCAL = 'local:dudley-ess-referral-threshold';

/** code on every session of the school days in [from, to] */
function days(from: string, to: string, code: string): [string, string][] {
  return calendar.schoolDaysBetween(from, to).map((d) => [d, code]);
}

const PUPILS: Record<string, { dob?: string; week1: [string, string][]; week2: [string, string][] }> = {
  Nat: { week1: days('2026-11-16', '2026-11-20', 'O'), week2: days('2026-11-23', '2026-11-23', 'O') },
  Late: { week1: days('2026-11-16', '2026-11-18', 'L'), week2: days('2026-11-23', '2026-11-23', 'L') },
  Leave: { week1: days('2026-11-16', '2026-11-20', 'G'), week2: [] },
  Young: { dob: '2022-03-01', week1: days('2026-11-16', '2026-11-20', 'G'), week2: [] },
  Sick: { week1: days('2026-11-02', '2026-11-20', 'I'), week2: days('2026-11-23', '2026-11-27', 'I') },
  Run: { week1: [...days('2026-10-19', '2026-10-23', 'O'), ...days('2026-11-02', '2026-11-20', 'O')], week2: [] },
  NotBack: { week1: [...days('2026-11-02', '2026-11-06', 'C'), ...days('2026-11-09', '2026-11-20', 'N')], week2: [] },
};

beforeAll(async () => {
  db = await createTestDatabase();
  const { policy, yaml } = presetPolicy('lutley');
  s = await createSchool(db.prisma, 'lutley-triggers', policy, yaml);
  for (const [name, p] of Object.entries(PUPILS)) {
    ids.set(name, await addPupil(db.prisma, s.id, { upn: `T-${name}`, firstName: name, lastName: 'Pupil', ...(p.dob ? { dateOfBirth: p.dob } : {}) }));
  }
});
afterAll(async () => {
  await db.close();
});

async function runWeek(weekStart: string, to: string, weeks: ('week1' | 'week2')[]) {
  for (const [name, p] of Object.entries(PUPILS)) {
    const special = new Map(weeks.flatMap((w) => p[w]));
    await setMarks(db.prisma, s.id, ids.get(name) ?? '', register(s.calendar, '2026-09-03', to, special));
  }
  const r = await runWeeklyTiers(db, { schoolId: s.id, policy: s.policy, weekStart, now: new Date(`${weekStart}T08:00:00Z`) });
  if (r.status !== 'computed') throw new Error(r.status);
  return r;
}

async function hitsBy(): Promise<Record<string, string[]>> {
  const hits = await db.prisma.triggerHit.findMany({ where: { schoolId: s.id }, include: { pupil: true }, orderBy: [{ kind: 'asc' }, { firstMetOn: 'asc' }] });
  const out: Record<string, string[]> = {};
  for (const h of hits) (out[h.pupil.firstName] ??= []).push(`${h.kind} ${h.firstMetOn.toISOString().slice(0, 10)}`);
  return out;
}

const rows = (m: ChatMessage) => m.blocks.flatMap((b) => (b.kind === 'list' ? b.rows : []));

describe('triggers needing a decision', () => {
  let week1: ChatMessage;

  it('fire in the week they are first met', async () => {
    week1 = (await runWeek('2026-11-23', '2026-11-20', ['week1'])).post;
    expect(await hitsBy()).toEqual({
      Nat: ['national-threshold 2026-11-20'],
      Late: ['lateness 2026-11-18'],
      Leave: ['national-threshold 2026-11-20', 'unauthorised-leave 2026-11-20'],
      Young: ['national-threshold 2026-11-20'],
      Sick: ['sickness-return 2026-11-20'],
      // 40 O sessions from 19 Oct: the national threshold met at sessions 10, 20, 30, 40; Dudley's 12 in 12 at 12, 24, 36.
      Run: [
        `${LOCAL} 2026-11-02`, `${LOCAL} 2026-11-10`, `${LOCAL} 2026-11-18`,
        'national-threshold 2026-10-23', 'national-threshold 2026-11-06', 'national-threshold 2026-11-13', 'national-threshold 2026-11-20',
        'ten-day-absence 2026-11-06', 'twenty-day-absence 2026-11-20',
      ],
      NotBack: [`${LOCAL} 2026-11-16`, 'national-threshold 2026-11-13', 'national-threshold 2026-11-20', 'not-returned-from-leave 2026-11-20', 'ten-day-absence 2026-11-20'],
    });
  });

  it('each latest hit gets one decision task with the roles the policy names', async () => {
    const tasks = await db.prisma.task.findMany({ where: { schoolId: s.id, kind: 'tier-decision' }, include: { pupil: true } });
    const by = (name: string, trigger: string) => tasks.filter((t) => t.pupil?.firstName === name && t.key.includes(`:${trigger}:`));
    expect(by('Run', 'national-threshold').map((t) => [t.title, t.ownerRole])).toEqual([
      ['Consider whether to ask the local authority for a penalty notice, as soon as practicable', 'headteacher'],
    ]);
    expect(by('Late', 'lateness').map((t) => [t.title, t.ownerRole])).toEqual([['Letter to parents and a conversation about supporting punctuality', 'attendance-officer']]);
    expect(by('Sick', 'sickness-return').map((t) => t.ownerRole)).toEqual(['attendance-officer']);
    // One per pupil and kind: Nat 1, Late 1, Leave 2, Young 1, Sick 1, Run 4, NotBack 4.
    expect(tasks.length).toBe(14);
  });

  it('the post groups them by kind; removal grounds ask for enquiries, never removal', () => {
    const titles = week1.blocks.flatMap((b) => (b.kind === 'text' && b.text.startsWith('_') ? [b.text] : []));
    expect(titles).toEqual([
      '_National threshold: consider a penalty notice_', '_Local threshold_', '_Unauthorised leave_', '_Lateness_',
      '_Sickness return to the local authority_', '_20 school days absent: reasonable enquiries needed_',
      '_Not back after leave: reasonable enquiries needed_', '_10 school days absent: reasonable enquiries needed_',
    ]);
    const twenty = rows(week1).find((r) => r.text.includes('20 school days in a row'));
    expect(twenty?.text).toContain('Reasonable enquiries with the local authority needed (Dudley Children Missing Education team and Education Support Service (Missing Education Referral Form)), jointly, before any removal from roll. Rollcall never removes a pupil: headteacher');
    const run = rows(week1).find((r) => r.text.startsWith('**Run Pupil (3A)**: National threshold'));
    expect(run?.text).toContain('(met 4 times in the register so far; the latest is shown)');
    expect(run?.controls?.map((c) => (c.kind === 'button' ? c.label : ''))).toEqual(['Decision recorded']);
  });

  it('do not fire again the next week; a threshold first met that week does', async () => {
    const before = await hitsBy();
    const r = await runWeek('2026-11-30', '2026-11-27', ['week1', 'week2']);
    const after = await hitsBy();
    expect(after).toEqual({ ...before, Nat: [`${LOCAL} 2026-11-23`, ...(before.Nat ?? [])] });
    const triggerRows = rows(r.post).filter((row) => row.controls?.some((c) => c.kind === 'button' && c.label === 'Decision recorded'));
    expect(triggerRows.map((row) => row.text.split('\n')[0])).toEqual([
      '**Nat Pupil (3A)**: Dudley ESS referral threshold: 12 sessions (N, U, O, G) within 12 school weeks, met on 23 Nov 2026',
    ]);
    const pupils = await db.prisma.pupil.findMany({ where: { schoolId: s.id } });
    expect(pupils.every((p) => p.leavingDate === null)).toBe(true);
  });
});

describe('schoolDays helper sanity', () => {
  it('the sickness pupil was off 15 school days by 20 Nov', () => {
    expect(schoolDays(calendar, '2026-11-02', 15).at(-1)).toBe('2026-11-20');
  });
});
