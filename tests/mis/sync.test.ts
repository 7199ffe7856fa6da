// Syncing a school from a fake Wonde through the register import path: the first read is full, later ones
// incremental; changed marks become amendments; admissions and leavers arrive; and every failure (revoked
// token, unapproved school, 429, 5xx, a malformed page, an unknown MIS code) writes nothing and says why.
import { afterEach, describe, expect, it } from 'vitest';
import { studentIdOf, startMisSchool, type MisSchool } from './support.js';

const NOW = new Date('2026-11-23T09:20:00Z');
const LATER = new Date('2026-11-23T09:40:00Z');
let s: MisSchool;
afterEach(async () => s?.close());

async function counts(school: MisSchool) {
  const where = { schoolId: school.schoolId };
  const [pupils, marks, contacts, staff, amendments] = await Promise.all([
    school.db.prisma.pupil.count({ where }), school.db.prisma.sessionMark.count({ where }), school.db.prisma.emergencyContact.count({ where }),
    school.db.prisma.staffMember.count({ where }), school.db.prisma.markAmendment.count({ where }),
  ]);
  return { pupils, marks, contacts, staff, amendments };
}

describe('the first sync', () => {
  it('reads everything with its includes and loads it as the CSV import would', async () => {
    s = await startMisSchool({ now: NOW });
    const outcome = await s.sync(NOW);
    expect(outcome).toMatchObject({ ok: true, full: true });
    expect(await counts(s)).toEqual({ pupils: 6, marks: 65, contacts: 5, staff: 5, amendments: 0 });
    const students = s.fake.store.requests.find((r) => r.path.endsWith('/students'))!;
    expect(students.query.include).toContain('contacts.contact_details');
    expect(students.query.updated_after).toBeUndefined();
    const kai = await s.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100000000003' }, include: { contacts: { orderBy: { priority: 'asc' } } } });
    expect(kai).toMatchObject({ className: '5H', yearGroup: 'Y5' });
    expect(kai.contacts.map((c) => [c.priority, c.name, c.relationship, c.phone, c.livesWithPupil])).toEqual([
      [1, 'Sara Reed', 'Mother', '07700 900031', true], [2, 'Dan Reed', 'Uncle', '07700 900032', false],
    ]);
    // Roles are Rollcall's: the teacher of a registration group is a class teacher, nobody else gets one.
    const teacher = await s.db.prisma.staffMember.findFirstOrThrow({ where: { staffId: 'S005' } });
    expect(teacher).toMatchObject({ roles: ['class-teacher'], classes: ['3B'], active: true });
    expect((await s.db.prisma.staffMember.findFirstOrThrow({ where: { staffId: 'S002' } })).roles).toEqual([]);
    expect(await s.db.prisma.misLink.count({ where: { schoolId: s.schoolId, kind: 'pupil' } })).toBe(6);
    const feed = await s.db.prisma.registerFeed.findUniqueOrThrow({ where: { schoolId: s.schoolId } });
    expect(feed).toMatchObject({ receivedAt: NOW, receivedFrom: 'wonde', syncFullAt: NOW, failingSince: null });
  });

  it('keeps roles Rollcall holds, and the policy can give roles by MIS staff code', async () => {
    s = await startMisSchool({ now: NOW, mis: '  roles:\n    byStaffCode:\n      S002: [office]\n' });
    await s.db.prisma.staffMember.create({ data: { schoolId: s.schoolId, staffId: 'S001', name: 'Helen Carter', roles: ['headteacher', 'dsl'], slackUserId: 'UHEAD' } });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    const head = await s.db.prisma.staffMember.findFirstOrThrow({ where: { staffId: 'S001' } });
    expect(head).toMatchObject({ roles: ['headteacher', 'dsl'], slackUserId: 'UHEAD' });
    expect((await s.db.prisma.staffMember.findFirstOrThrow({ where: { staffId: 'S002' } })).roles).toEqual(['office']);
  });
});

describe('incremental syncs', () => {
  it('read only what changed, and change nothing when nothing did', async () => {
    s = await startMisSchool({ now: NOW });
    await s.sync(NOW);
    const before = await counts(s);
    s.fake.store.requests.length = 0;
    expect(await s.sync(LATER)).toMatchObject({ ok: true, full: false, counts: { marks: 0, pupils: 0 } });
    expect(s.fake.store.requests.find((r) => r.path.endsWith('attendance/session'))!.query.updated_after).toBe('2026-11-23 09:10:00');
    expect(await counts(s)).toEqual(before);
  });

  it('make a mark changed in the MIS an amendment, with who, when and why', async () => {
    s = await startMisSchool({ now: NOW });
    await s.sync(NOW);
    s.fake.store.putMark('A1930499544', { student: studentIdOf('A100000000001'), date: '2026-11-23', session: 'AM', code: 'I' }, LATER);
    expect(await s.sync(LATER)).toMatchObject({ ok: true, counts: { marks: 1, marksAmended: 1 } });
    const amendment = await s.db.prisma.markAmendment.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    expect(amendment).toMatchObject({ originalCode: 'N', newCode: 'I', amendedBy: 'MIS sync (Wonde)', amendedRole: 'mis-sync', source: 'import' });
    expect(amendment.reason).toMatch(/MIS/);
    // The same change read again (the cursor overlaps) adds nothing.
    expect(await s.sync(new Date(LATER.getTime() + 60_000))).toMatchObject({ ok: true });
    expect(await s.db.prisma.markAmendment.count({ where: { schoolId: s.schoolId } })).toBe(1);
  });

  it('take in a pupil admitted today with their first mark, and a leaver deleted in the MIS', async () => {
    s = await startMisSchool({ now: NOW });
    await s.sync(NOW);
    const store = s.fake.store;
    const amy = store.school('A1930499544').students.get(studentIdOf('A100000000001'))!.record;
    store.putStudent('A1930499544', {
      ...amy, id: 'ANEW1', forename: 'Zara', surname: 'New', legal_forename: 'Zara', legal_surname: 'New',
      education_details: { data: { upn: 'B200000000001', admission_date: { date: '2026-11-23 00:00:00.000000', timezone_type: 3, timezone: 'UTC' }, leaving_date: null } },
      contacts: { data: [] },
    }, LATER);
    store.putMark('A1930499544', { student: 'ANEW1', date: '2026-11-23', session: 'AM', code: 'N' }, LATER);
    store.deleteStudent('A1930499544', studentIdOf('A100000000006'), new Date('2026-11-23T09:30:00Z'));
    expect(await s.sync(LATER)).toMatchObject({ ok: true, counts: { pupils: 1, leavers: 1 } });
    const zara = await s.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'B200000000001' }, include: { marks: true } });
    expect(zara.marks.map((m) => m.code)).toEqual(['N']);
    const ben = await s.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100000000006' } });
    expect(ben.leavingDate?.toISOString().slice(0, 10)).toBe('2026-11-23');
  });
});

describe('failures write nothing and say why', () => {
  it('a revoked token: the outage begins once, continues, and ends with the next good sync', async () => {
    s = await startMisSchool({ now: NOW });
    await s.sync(NOW);
    const before = await counts(s);
    s.fake.store.putMark('A1930499544', { student: studentIdOf('A100000000001'), date: '2026-11-23', session: 'AM', code: 'M' }, LATER);
    s.fake.store.tokens.clear();
    const first = await s.sync(LATER);
    expect(first).toMatchObject({ ok: false, outageBegan: true, retryable: false, failingSince: LATER });
    if (!first.ok) expect(first.error).toMatch(/token.*revoked/);
    const second = await s.sync(new Date(LATER.getTime() + 120_000));
    expect(second).toMatchObject({ ok: false, outageBegan: false, failingSince: LATER });
    expect(await counts(s)).toEqual(before);
    s.fake.store.tokens.add('wonde-test-token-0123456789');
    const back = await s.sync(new Date(LATER.getTime() + 240_000));
    expect(back).toMatchObject({ ok: true, recoveredFrom: LATER });
    expect((await counts(s)).amendments).toBe(1);
  });

  it('a school that has not approved Rollcall is a 403 naming the permission problem', async () => {
    s = await startMisSchool({ now: NOW });
    s.fake.store.school('A1930499544').approved = false;
    const outcome = await s.sync(NOW);
    expect(outcome).toMatchObject({ ok: false });
    if (!outcome.ok) expect(outcome.error).toMatch(/invalid_permissions.*not approved.*not granted Rollcall a permission/);
    expect((await counts(s)).pupils).toBe(0);
  });

  it('429 is honoured with its Retry-After and 5xx retried, then the sync goes through', async () => {
    s = await startMisSchool({ now: NOW });
    s.fake.store.fail({ path: '/students', status: 429, headers: { 'retry-after': '7' } });
    s.fake.store.fail({ path: 'attendance/session', status: 503, times: 2 });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    expect(s.sleeps).toEqual([7000, 500, 1000]);
    expect((await counts(s)).marks).toBe(65);
  });

  it('an outage that outlasts the retries fails the sync, retryable, with nothing written', async () => {
    s = await startMisSchool({ now: NOW });
    s.fake.store.fail({ path: 'deletions', status: 502, times: Infinity });
    const outcome = await s.sync(NOW);
    expect(outcome).toMatchObject({ ok: false, retryable: true, outageBegan: true });
    expect(await counts(s)).toEqual({ pupils: 0, marks: 0, contacts: 0, staff: 0, amendments: 0 });
  });

  it('a page that fails validation refuses the whole read: nothing from the good pages is written', async () => {
    s = await startMisSchool({ now: NOW });
    s.fake.store.fail({ path: 'attendance/session', status: 200, body: { data: [{ id: 'SA1', student: 'A1', date: { date: '2026-11-23' }, session: 'NOON', attendance_code: 'ATC1' }], meta: {} } });
    const outcome = await s.sync(NOW);
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    if (!outcome.ok) expect(outcome.error).toMatch(/session attendance page 1, record 1 \(id SA1\): session/);
    expect(await counts(s)).toEqual({ pupils: 0, marks: 0, contacts: 0, staff: 0, amendments: 0 });
  });

  it('an MIS code that is no national code is refused by name until the policy maps it', async () => {
    s = await startMisSchool({ now: NOW });
    s.fake.store.addCode('L2', 'Late (after registers closed, school-defined)');
    s.fake.store.putMark('A1930499544', { student: studentIdOf('A100000000005'), date: '2026-11-23', session: 'AM', code: 'L2' });
    const outcome = await s.sync(NOW);
    expect(outcome).toMatchObject({ ok: false });
    if (!outcome.ok) expect(outcome.error).toMatch(/attendance code "L2" \(Late .*\) on 1 mark from 2026-11-23 .*mis\.codeMap/);
    expect((await counts(s)).marks).toBe(0);
    await s.close();

    s = await startMisSchool({ now: NOW, mis: '  codeMap:\n    L2: U\n' });
    s.fake.store.addCode('L2', 'Late (after registers closed, school-defined)');
    s.fake.store.putMark('A1930499544', { student: studentIdOf('A100000000005'), date: '2026-11-23', session: 'AM', code: 'L2' });
    expect(await s.sync(NOW)).toMatchObject({ ok: true });
    const lily = await s.db.prisma.sessionMark.findFirstOrThrow({ where: { pupil: { upn: 'A100000000005' }, session: 'AM', date: new Date('2026-11-23') } });
    expect(lily.code).toBe('U');
  });
});
