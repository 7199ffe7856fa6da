// Issue 17: a CSV school whose afternoon marks were never imported. The PM close posts one "no register
// data yet" message and opens no case (it used to open one per pupil: 1,325 timers, ~2,000 DMs); when the
// file is imported the same post becomes the list. A `rollcall import` of a correction outside the register
// windows shows in the posted list at the feed's next 2-minute occurrence, not at the next MIS read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operation as importOperation } from '../../src/cli/operations/import.js';
import { importFile } from '../../src/register/import.js';
import { misWorkflow, pollSchool } from '../../src/workflows/mis/index.js';
import { JOBS } from '../../src/workflows/unexplained/index.js';
import { SLUG, startSmallSchool, textOf, type SmallSchool } from '../workflows/unexplained/support.js';

let s: SmallSchool;
beforeAll(async () => { s = await startSmallSchool('2026-11-23T13:30:00Z'); }, 120_000);
afterAll(async () => s?.h.close());

describe('a CSV school at the PM close with no afternoon marks', () => {
  it('posts "no register data yet" once, with no case, timer or DM', async () => {
    const timers = await s.h.db.prisma.durableTimer.count();
    expect(await s.runJob(JOBS.pmClose, '2026-11-23T13:30:00Z')).toMatchObject({ held: true, listed: 0, opened: 0 });
    await s.h.drain();
    expect(await s.h.db.prisma.unexplainedAbsence.count({ where: { session: 'PM' } })).toBe(0);
    expect(await s.h.db.prisma.durableTimer.count()).toBe(timers);
    const pm = s.h.fake.messages('#attendance').filter((m) => textOf(m).includes('PM Mon 23 Nov'));
    expect(pm).toHaveLength(1);
    expect(textOf(pm[0])).toContain('No register data yet: PM Mon 23 Nov');
    expect(s.h.fake.callsTo('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('D'))).toHaveLength(0);
  });

  it('becomes the list when the afternoon marks are imported (the next poll refreshes it in place)', async () => {
    const csv = 'upn,date,session,code\nA100000000001,2026-11-23,PM,N\nA100000000002,2026-11-23,PM,\\\nA100000000004,2026-11-23,PM,\\\n';
    const result = await importFile(s.h.db, { schoolSlug: SLUG, kind: 'marks', csvText: csv, actor: { name: 'office', role: 'office' }, receivedAt: new Date('2026-11-23T13:50:00Z') });
    expect(result.errors).toEqual([]);
    s.h.clock.set(new Date('2026-11-23T13:52:00Z'));
    const school = await s.h.rollcall.services.school(s.schoolId);
    expect(await pollSchool(s.h.rollcall.services, school, null, false)).toMatchObject({ sync: null, refreshed: 2 });
    await s.h.drain();
    const pm = s.h.fake.messages('#attendance').filter((m) => textOf(m).includes('PM Mon 23 Nov'));
    expect(pm).toHaveLength(1);
    const text = textOf(pm[0]);
    expect(text).toContain('Unexplained absences: PM Mon 23 Nov');
    expect(text).toContain('Register data as of 13:50');
    // 3B and 5H took their registers (Amy N); 1R did not, so Lily and Ben are chased, not called about.
    expect(text).toContain('Registers not taken yet (1)');
    const cases = await s.h.db.prisma.unexplainedAbsence.findMany({ where: { session: 'PM' }, include: { pupil: true } });
    expect(cases.map((c) => c.pupil.upn).sort()).toEqual(['A100000000001', 'A100000000003']);
    expect(misWorkflow().jobs!(school, s.h.rollcall.services).map((j) => j.name)).toEqual(['mis.poll', 'mis.nightly']);
  });

  it('takes a `rollcall import` into the posted list at the next 2-minute occurrence, outside the register windows', async () => {
    // Amy's N is explained in the MIS at 14:10 and the office imports the corrected file by the command line.
    const csv = 'upn,date,session,code\nA100000000001,2026-11-23,PM,I\n';
    s.h.clock.set(new Date('2026-11-23T14:10:00Z'));
    const imported = await importOperation.run(s.h.db, {
      school: SLUG, files: [{ path: 'marks.csv', text: csv }], actor: { name: 'office', role: 'data-manager' },
    }, { tty: false, clock: s.h.clock });
    expect(imported).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('1 amended') });
    const at = new Date('2026-11-23T14:12:00Z');
    s.h.clock.set(at);
    const school = await s.h.rollcall.services.school(s.schoolId);
    const poll = misWorkflow().jobs!(school, s.h.rollcall.services).find((j) => j.name === 'mis.poll')!;
    expect(await poll.run(at, { schoolId: s.schoolId, timezone: 'Europe/London', name: poll.name })).toMatchObject({ sync: null, refreshed: 2 });
    await s.h.drain();
    const pm = s.h.fake.messages('#attendance').filter((m) => textOf(m).includes('PM Mon 23 Nov'));
    expect(pm).toHaveLength(1);
    expect(textOf(pm[0])).toContain('1 open · 0 claimed · 1 resolved');
    // Received when the import ran on the app's clock, not the machine's.
    expect(textOf(pm[0])).toContain('Register data as of 14:10');
    expect(textOf(pm[0])).toMatch(/Amy Brown\* · Y3, 3B · first day absent\\nResolved: authorised absence, by the register at 14:12/);
    expect(await s.h.db.prisma.unexplainedAbsence.findFirst({ where: { session: 'PM', pupil: { upn: 'A100000000001' } } })).toMatchObject({ resolvedCode: 'I' });
  });
});
