import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import type { School } from '../../src/db/generated/client.js';
import { amendMark, type AmendMarkInput } from '../../src/register/amend-mark.js';
import { fromDbDate } from '../../src/register/db-dates.js';
import { fullName } from '../../src/core/pupil-names.js';
import { findPupil } from '../../src/register/pupil-lookup.js';
import { addOrUpdateSchool, loadSchool } from '../../src/register/schools.js';
import { createTestDatabase } from '../support/db.js';
import { ACTOR, fixture, importText, lines, policyYaml, schoolWithPupils } from './helpers.js';

let db: Database;
let school: School;
beforeAll(async () => {
  db = await createTestDatabase();
  school = await schoolWithPupils(db);
});
afterAll(async () => {
  await db?.close();
});

describe('findPupil', () => {
  it.each([
    ['a UPN', 'A100000000004', 'A100000000004'],
    ['a UPN in lower case', 'a100000000004', 'A100000000004'],
    ['a full legal name', 'Mohammed Khan', 'A100000000004'],
    ['a full preferred name', 'mo khan', 'A100000000004'],
    ['last name first', 'Khan, Mo', 'A100000000004'],
    ['an exact name that is also the start of another', 'Amy Brown', 'A100000000001'],
    ['a unique prefix', 'amy browni', 'A100000000002'],
    ['a unique last-name prefix', 'Kh', 'A100000000004'],
    ['a name without its accents', 'zoe angstrom', 'A100000000003'],
    ['a name with its accents', 'ZOË Ångström', 'A100000000003'],
    ['a preferred first name alone', 'Ollie', 'A100000000006'],
    ['extra spaces', '  Amelia   Smith ', 'A100000000005'],
  ])('finds a pupil by %s', async (_, query, upn) => {
    const found = await findPupil(db.prisma, school.id, query);
    expect(found.kind === 'found' && found.pupil.upn).toBe(upn);
  });

  it('offers every candidate when several pupils fit, sorted by last then first name', async () => {
    const found = await findPupil(db.prisma, school.id, 'brown');
    expect(found.kind).toBe('ambiguous');
    if (found.kind !== 'ambiguous') return;
    expect(found.candidates.map(fullName)).toEqual(['Amy Brown', 'Ollie Brown', 'Amy Browning']);
    expect(found.total).toBe(3);
    const amy = await findPupil(db.prisma, school.id, 'Am');
    expect(amy.kind === 'ambiguous' && amy.candidates.map((p) => p.upn).sort()).toEqual(['A100000000001', 'A100000000002', 'A100000000005']);
  });

  it.each([['a name nobody has', 'Xavier Jones'], ['a blank query', '   '], ['another school\'s UPN', 'B000000000000']])('says unknown for %s', async (_, query) => {
    expect(await findPupil(db.prisma, school.id, query)).toEqual({ kind: 'unknown' });
  });

  it('stays inside the school', async () => {
    const other = await schoolWithPupils(db);
    const found = await findPupil(db.prisma, other.id, 'Mo Khan');
    expect(found.kind === 'found' && found.pupil.schoolId).toBe(other.id);
  });

  it('can leave out pupils not on roll on a date', async () => {
    expect((await findPupil(db.prisma, school.id, 'Amelia')).kind).toBe('found');
    expect(await findPupil(db.prisma, school.id, 'Amelia', { onRollOn: '2026-11-23' })).toEqual({ kind: 'unknown' });
    expect(await findPupil(db.prisma, school.id, 'Ollie', { onRollOn: '2026-07-01' })).toEqual({ kind: 'unknown' });
  });

  it('caps the candidates at 10 but reports how many matched', async () => {
    const crowd = await schoolWithPupils(db);
    const header = fixture('pupils').split('\n')[0]!;
    const rows = Array.from({ length: 12 }, (_, i) => `T${i},Tom,Taylor${i},,Y2,2A,,M,2024-09-02,,N,N,N,N,N,N,N,N`);
    expect((await importText(db, crowd, 'pupils', lines(header, ...rows))).errors).toEqual([]);
    const found = await findPupil(db.prisma, crowd.id, 'Tom');
    expect(found.kind === 'ambiguous' && [found.candidates.length, found.total]).toEqual([10, 12]);
  });
});

describe('amendMark', () => {
  const officer = { name: 'Priya Patel', role: 'attendance-officer', staffId: 'S002' };
  async function pupilId(upn: string) {
    return (await db.prisma.pupil.findFirstOrThrow({ where: { schoolId: school.id, upn } })).id;
  }
  async function amend(input: Partial<AmendMarkInput> & { pupilId: string }) {
    return db.prisma.$transaction((tx) =>
      amendMark(tx, { schoolId: school.id, date: '2026-11-18', session: 'AM', newCode: 'N', reason: 'no reason yet', actor: officer, source: 'chat', now: new Date(), ...input }),
    );
  }

  it('stamps the mark, the amendment and the audit row with the clock it is given, not the machine\'s', async () => {
    const id = await pupilId('A100000000003');
    const now = new Date('2026-11-18T09:41:07.000Z');
    const { mark, amendment } = await amend({ pupilId: id, date: '2026-11-17', newCode: 'I', reason: 'mum rang', now });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'mark.amended', entityId: String(mark.id) }, orderBy: { id: 'desc' } });
    expect([mark.recordedAt, amendment?.amendedAt, audit.at]).toEqual([now, now, now]);
  });

  it('records a first mark as an amendment from nothing, then a change from N to I, each audited', async () => {
    const id = await pupilId('A100000000004');
    const first = await amend({ pupilId: id });
    expect(first).toMatchObject({ changed: true, mark: { code: 'N', source: 'chat', recordedBy: 'S002' }, amendment: { originalCode: null, newCode: 'N' } });
    const second = await amend({ pupilId: id, newCode: 'I', reason: 'mum rang: tonsillitis' });
    expect(second.amendment).toMatchObject({ originalCode: 'N', newCode: 'I', reason: 'mum rang: tonsillitis', amendedBy: 'Priya Patel', amendedRole: 'attendance-officer', source: 'chat' });
    expect(fromDbDate(second.mark.date)).toBe('2026-11-18');
    const marks = await db.prisma.sessionMark.findMany({ where: { pupilId: id, date: second.mark.date } });
    expect(marks.map((m) => m.code)).toEqual(['I']);
    const audit = await db.prisma.auditEvent.findMany({ where: { schoolId: school.id, action: 'mark.amended', entityId: String(second.mark.id) }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actor, a.actorRole, a.data])).toEqual([
      ['S002', 'attendance-officer', expect.objectContaining({ from: null, to: 'N' })],
      ['S002', 'attendance-officer', expect.objectContaining({ from: 'N', to: 'I' })],
    ]);
  });

  it('writes nothing when the code is already that', async () => {
    const id = await pupilId('A100000000001');
    await amend({ pupilId: id, newCode: 'L', minutesLate: 5, date: '2026-11-19' });
    const amendments = await db.prisma.markAmendment.count({ where: { pupilId: id } });
    const again = await amend({ pupilId: id, newCode: 'L', date: '2026-11-19' });
    expect(again).toMatchObject({ changed: false, amendment: null, mark: { minutesLate: 5 } });
    expect(await db.prisma.markAmendment.count({ where: { pupilId: id } })).toBe(amendments);
    const present = await amend({ pupilId: id, newCode: '/', date: '2026-11-19', reason: 'register corrected' });
    expect(present.mark.minutesLate).toBeNull();
  });

  it.each([
    ['a code not valid on the date', { newCode: 'H' }, 'INVALID_CODE', /H is not a register code since 19 Aug 2024/],
    ['a legacy-only date for a 2024 code', { newCode: 'Y1', date: '2023-10-02' }, 'INVALID_CODE', /Y1 is not a register code before/],
    ['a blank reason', { reason: '  ' }, 'INVALID_INPUT', /needs a reason/],
    ['a date before admission', { date: '2026-09-01', upn: 'A100000000006' }, 'INVALID_INPUT', /before the pupil's admission date \(2026-09-02\)/],
    ['a date after leaving', { date: '2026-11-02', upn: 'A100000000005' }, 'INVALID_INPUT', /after the pupil's leaving date/],
    ['an impossible date', { date: '2026-11-31' }, 'INVALID_INPUT', /not a real date/],
  ])('refuses %s and writes nothing', async (_, change, code, message) => {
    const { upn = 'A100000000002', ...rest } = change as Partial<AmendMarkInput> & { upn?: string };
    const id = await pupilId(upn);
    const before = await db.prisma.markAmendment.count({ where: { schoolId: school.id } });
    await expect(amend({ pupilId: id, ...rest })).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await db.prisma.markAmendment.count({ where: { schoolId: school.id } })).toBe(before);
  });

  it('refuses a pupil from another school', async () => {
    const other = await schoolWithPupils(db);
    const stranger = await db.prisma.pupil.findFirstOrThrow({ where: { schoolId: other.id } });
    await expect(amend({ pupilId: stranger.id })).rejects.toMatchObject({ code: 'UNKNOWN_PUPIL' });
  });
});

describe('schools', () => {
  it('adds a school from its policy (name and timezone from the policy), then updates it on re-run', async () => {
    const first = await addOrUpdateSchool(db.prisma, { slug: 'st-lukes', policyYaml: policyYaml("St Luke's") }, ACTOR);
    expect(first).toMatchObject({ created: true, changed: true, school: { slug: 'st-lukes', name: "St Luke's", timezone: 'Europe/London' } });
    const same = await addOrUpdateSchool(db.prisma, { slug: 'st-lukes', policyYaml: policyYaml("St Luke's") }, ACTOR);
    expect(same).toMatchObject({ created: false, changed: false });
    const renamed = await addOrUpdateSchool(db.prisma, { slug: 'st-lukes', policyYaml: policyYaml("St Luke's CE Primary") }, ACTOR);
    expect(renamed).toMatchObject({ created: false, changed: true, school: { id: first.school.id, name: "St Luke's CE Primary" } });
    expect((await loadSchool(db.prisma, { slug: 'st-lukes' })).name).toBe("St Luke's CE Primary");
    const audit = await db.prisma.auditEvent.findMany({ where: { schoolId: first.school.id, entityType: 'School' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['school.created', 'school.policy-updated']);
  });

  it('refuses a policy that does not validate, naming the fields, and leaves the school as it was', async () => {
    await addOrUpdateSchool(db.prisma, { slug: 'lutley', policyYaml: policyYaml('Lutley Primary') }, ACTOR);
    const broken = policyYaml('Lutley Primary').replace('lateAfter: "08:50"', 'lateAfter: "8.50"');
    await expect(addOrUpdateSchool(db.prisma, { slug: 'lutley', policyYaml: broken }, ACTOR)).rejects.toMatchObject({
      code: 'INVALID_POLICY',
      details: { issues: [expect.objectContaining({ path: 'register.am.lateAfter' })] },
    });
    expect((await loadSchool(db.prisma, { slug: 'lutley' })).policy.register.am.lateAfter).toBe('08:50');
  });

  it('refuses a slug that is not kebab-case, and names the schools that exist for an unknown one', async () => {
    await expect(addOrUpdateSchool(db.prisma, { slug: 'St Lukes', policyYaml: policyYaml() }, ACTOR)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(loadSchool(db.prisma, { slug: 'st-marks' })).rejects.toMatchObject({ code: 'UNKNOWN_SCHOOL', message: expect.stringMatching(/no school "st-marks".*lutley.*st-lukes/) });
  });
});
