// The demo school on a restart: the same morning again does no import work at all (and so leaves what
// staff did in the demo alone); a new day imports only the file that changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createDemoSchool } from '../../src/demo/index.js';
import { amendMark } from '../../src/register/amend-mark.js';
import { fromDbDate } from '../../src/register/db-dates.js';
import { createTestDatabase } from '../support/db.js';

const MONDAY = '2026-11-23';
const TUESDAY = '2026-11-24';
let db: Database;
let schoolId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const first = await createDemoSchool(db, { today: MONDAY, sessionsTakenToday: ['AM'] });
  expect(first.unchanged).toEqual([]);
  expect(first.imports.marks.inserted).toBeGreaterThan(50_000);
  schoolId = first.schoolId;
}, 240_000);
afterAll(async () => db?.close());

describe('demo school on a restart', () => {
  it('generates and imports nothing on the same morning, and keeps what staff changed', async () => {
    // A member of staff resolves an N code in the demo, as /reason would.
    const open = await db.prisma.sessionMark.findFirstOrThrow({ where: { schoolId, code: 'N' }, orderBy: { date: 'desc' } });
    await db.prisma.$transaction((tx) =>
      amendMark(tx, { schoolId, pupilId: open.pupilId, date: fromDbDate(open.date), session: open.session as 'AM' | 'PM', newCode: 'I', reason: 'mum rang', actor: { name: 'S003', role: 'office' }, source: 'chat', now: new Date() }),
    );
    const auditBefore = await db.prisma.auditEvent.count({ where: { schoolId } });

    const again = await createDemoSchool(db, { today: MONDAY, sessionsTakenToday: ['AM'] });
    expect(again.unchanged).toEqual(['staff', 'pupils', 'contacts', 'marks']);
    expect(again.imports.marks.rows).toBeGreaterThan(50_000);
    expect(await db.prisma.auditEvent.count({ where: { schoolId } })).toBe(auditBefore);
    expect((await db.prisma.sessionMark.findUniqueOrThrow({ where: { id: open.id } })).code).toBe('I');
  });

  it('imports only the marks on a new day: the pupils, contacts and staff files are the same', async () => {
    const tuesday = await createDemoSchool(db, { today: TUESDAY, sessionsTakenToday: ['AM'] });
    expect(tuesday.unchanged).toEqual(['staff', 'pupils', 'contacts']);
    expect(tuesday.imports.marks.inserted).toBeGreaterThan(300); // Tuesday's AM register for ~420 pupils
    const later = await createDemoSchool(db, { today: TUESDAY, sessionsTakenToday: ['AM'] });
    expect(later.unchanged).toHaveLength(4);
  });

  it('brings the registers taken so far up to date when the afternoon register has closed since', async () => {
    const afternoon = await createDemoSchool(db, { today: TUESDAY, sessionsTakenToday: ['AM', 'PM'] });
    expect(afternoon.unchanged).not.toContain('marks');
    expect(afternoon.imports.marks.inserted).toBeGreaterThan(300);
  });
});
