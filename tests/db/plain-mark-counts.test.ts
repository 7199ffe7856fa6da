// PlainMarkCount is derived data kept by triggers (migration plain_mark_counts): after every way the
// register is written (COPY, the import merge with its amendments, a chat amendment's upsert, Prisma
// deletes, a pupil's and a school's cascade, a rolled-back transaction, a TRUNCATE) it must equal a
// recount of the plain present marks. The backfill in the migration must count the marks already there.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { amendMark } from '../../src/register/amend-mark.js';
import { importFile } from '../../src/register/import.js';
import { PLAIN_PRESENT_SQL } from '../../src/reports/load-lean-register.js';
import { PLAIN_PRESENT_CODES, addDays } from '../../src/rules/index.js';
import { createEmptyDatabase, createTestDatabase } from '../support/db.js';
import { addPupil, createSchool, presetPolicy, type TestSchool } from '../workflows/tiers/support.js';

const actor = { name: 'test', role: 'system' };
let db: Database;
let school: TestSchool;
const pupils: string[] = [];

type CountRow = { schoolId: string; pupilId: string; month: string; code: string; n: number };
const key = (r: CountRow) => `${r.schoolId} ${r.pupilId} ${r.month} ${r.code}`;

async function stored(d: Database): Promise<CountRow[]> {
  return d.sql.query<CountRow>(`SELECT "schoolId", "pupilId", to_char(month, 'YYYY-MM-DD') AS month, code, sessions AS n
    FROM "PlainMarkCount" WHERE sessions <> 0 ORDER BY 1, 2, 3, 4`);
}
async function recounted(d: Database): Promise<CountRow[]> {
  return d.sql.query<CountRow>(`SELECT "schoolId", "pupilId", to_char(date, 'YYYY-MM-01') AS month, code, count(*)::int AS n
    FROM "SessionMark" WHERE code = ANY($1::text[]) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`, [PLAIN_PRESENT_CODES]);
}
async function expectCountsMatch(d: Database): Promise<CountRow[]> {
  const [a, b] = await Promise.all([stored(d), recounted(d)]);
  expect(a.map((r) => `${key(r)} ${r.n}`)).toEqual(b.map((r) => `${key(r)} ${r.n}`));
  return b;
}
const sessionsOf = (rows: CountRow[], pupilId: string) => rows.filter((r) => r.pupilId === pupilId).reduce((n, r) => n + r.n, 0);

function marksCsv(rows: [upn: string, date: string, session: string, code: string][]): string {
  return ['upn,date,session,code,minutes_late,note', ...rows.map((r) => `${r.join(',')},,`)].join('\n');
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { policy, yaml } = presetPolicy('lutley');
  school = await createSchool(db.prisma, 'counts', policy, yaml);
  for (let i = 0; i < 4; i++) pupils.push(await addPupil(db.prisma, school.id, { upn: `A10000000000${i}`, firstName: `P${i}`, lastName: 'Count' }));
}, 60_000);
afterAll(async () => db?.close());

describe('PlainMarkCount', () => {
  it('counts a COPY, across months, with every code kept apart', async () => {
    const lines: string[] = [];
    pupils.forEach((pupilId, p) => {
      ['2025-09-29', '2025-09-30', '2025-10-01', '2025-10-02', '2025-11-03'].forEach((date, d) => {
        lines.push(`${school.id},${pupilId},${date},AM,"${(p + d) % 4 === 0 ? 'N' : '/'}",,test`);
        lines.push(`${school.id},${pupilId},${date},PM,"${(p + d) % 3 === 0 ? 'L' : '\\'}",${(p + d) % 3 === 0 ? 5 : ''},test`);
      });
    });
    await db.sql.withConnection((c) => c.copyCsv('"SessionMark"', ['schoolId', 'pupilId', 'date', 'session', 'code', 'minutesLate', 'source'], lines.join('\n')));
    const counts = await expectCountsMatch(db);
    // The recount is not empty and splits months and codes, so the comparison means something.
    expect(new Set(counts.map((r) => r.month))).toEqual(new Set(['2025-09-01', '2025-10-01', '2025-11-01']));
    expect(new Set(counts.map((r) => r.code))).toEqual(new Set(['/', '\\']));
  });

  it('follows an import that inserts, amends plain to absent and absent to plain, and leaves the rest', async () => {
    const before = await recounted(db);
    const result = await importFile(db, {
      receivedAt: new Date(),
      schoolSlug: 'counts', kind: 'marks', actor,
      csvText: marksCsv([
        ['A100000000000', '2025-09-30', 'AM', 'I'], // was / : one fewer
        ['A100000000000', '2025-09-29', 'AM', '/'], // was N : one more
        ['A100000000001', '2025-10-01', 'PM', '/'], // was \ : moves between codes
        ['A100000000002', '2025-11-04', 'AM', '/'], // new
        ['A100000000002', '2025-11-04', 'PM', '\\'], // new
      ]),
    });
    expect(result.errors).toEqual([]);
    const after = await expectCountsMatch(db);
    expect(sessionsOf(after, pupils[0]!)).toBe(sessionsOf(before, pupils[0]!));
    expect(sessionsOf(after, pupils[2]!)).toBe(sessionsOf(before, pupils[2]!) + 2);
  });

  it('follows a chat amendment (an upsert) both ways, and a rolled-back one leaves nothing', async () => {
    const base = { schoolId: school.id, pupilId: pupils[3]!, session: 'AM' as const, reason: 'test', actor, source: 'chat' as const, now: new Date() };
    await db.prisma.$transaction((tx) => amendMark(tx, { ...base, date: '2025-10-01', newCode: 'C' }));
    await db.prisma.$transaction((tx) => amendMark(tx, { ...base, date: '2025-12-01', newCode: '/' })); // a new mark
    await expectCountsMatch(db);
    const before = await stored(db);
    await expect(db.prisma.$transaction(async (tx) => {
      await amendMark(tx, { ...base, date: '2025-12-01', newCode: 'M' });
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await stored(db)).toEqual(before);
    await expectCountsMatch(db);
  });

  it('stays exact when amendments and an import write the same months at once', async () => {
    const base = { schoolId: school.id, session: 'PM' as const, reason: 'test', actor, source: 'chat' as const, now: new Date() };
    const dates = ['2025-11-10', '2025-11-11', '2025-11-12', '2025-11-13', '2025-11-14'];
    const writes = [
      importFile(db, {
        receivedAt: new Date(),
        schoolSlug: 'counts', kind: 'marks', actor,
        // The same pupils, month, session and code as the amendments below, so both change the same counts.
        csvText: marksCsv(pupils.flatMap((_, p) => dates.map((date) => [`A10000000000${p}`, addDays(date, 7), 'PM', p % 2 ? '\\' : 'N'] as [string, string, string, string]))),
      }).then((r) => expect(r.errors).toEqual([])),
      ...pupils.flatMap((pupilId, p) => dates.map((date, d) => db.prisma.$transaction((tx) =>
        amendMark(tx, { ...base, pupilId, date, newCode: (p + d) % 3 ? '\\' : 'I' })))),
    ];
    await Promise.all(writes);
    const counts = await expectCountsMatch(db);
    expect(counts.filter((r) => r.month === '2025-11-01').reduce((n, r) => n + r.n, 0)).toBeGreaterThan(20);
  });

  it('follows deletes of marks, and a deleted pupil or school keeps no counts', async () => {
    await db.prisma.sessionMark.deleteMany({ where: { pupilId: pupils[1]!, session: 'PM' } });
    await expectCountsMatch(db);
    await db.prisma.pupil.delete({ where: { id: pupils[2]! } });
    await expectCountsMatch(db);
    expect((await db.sql.query('SELECT 1 FROM "PlainMarkCount" WHERE "pupilId" = $1', [pupils[2]])).length).toBe(0);
    const other = await createSchool(db.prisma, 'counts-2', school.policy, presetPolicy('lutley').yaml);
    const pupilId = await addPupil(db.prisma, other.id, { upn: 'B100000000000', firstName: 'Q', lastName: 'Count' });
    await db.prisma.sessionMark.createMany({ data: [
      { schoolId: other.id, pupilId, date: new Date('2025-10-06T00:00:00Z'), session: 'AM', code: '/', source: 'test' },
      { schoolId: other.id, pupilId, date: new Date('2025-10-06T00:00:00Z'), session: 'PM', code: '\\', source: 'test' },
    ] });
    expect(sessionsOf(await expectCountsMatch(db), pupilId)).toBe(2);
    await db.prisma.school.delete({ where: { id: other.id } });
    await expectCountsMatch(db);
    expect((await db.sql.query('SELECT 1 FROM "PlainMarkCount" WHERE "schoolId" = $1', [other.id])).length).toBe(0);
  });
});

describe('a truncated register', () => {
  it('keeps no counts', async () => {
    const spare = await createTestDatabase();
    try {
      const s = await createSchool(spare.prisma, 'truncated', school.policy, presetPolicy('lutley').yaml);
      const pupilId = await addPupil(spare.prisma, s.id, { upn: 'D100000000000', firstName: 'T', lastName: 'Count' });
      await spare.prisma.sessionMark.create({ data: { schoolId: s.id, pupilId, date: new Date('2025-10-06T00:00:00Z'), session: 'AM', code: '/', source: 'test' } });
      expect(await stored(spare)).toHaveLength(1);
      await spare.sql.exec('TRUNCATE "SessionMark"');
      expect(await stored(spare)).toEqual([]);
    } finally {
      await spare.close();
    }
  });
});

describe('the recount in src/register/README.md', () => {
  it('puts counts that drifted back in step with the register', async () => {
    const readme = readFileSync('src/register/README.md', 'utf8');
    const recount = /## Counts the database keeps[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(recount).toBeTruthy();
    await db.sql.exec(`UPDATE "PlainMarkCount" SET sessions = sessions + 3`);
    await db.sql.exec(`DELETE FROM "PlainMarkCount" WHERE ctid IN (SELECT ctid FROM "PlainMarkCount" LIMIT 2)`);
    await expect(expectCountsMatch(db)).rejects.toThrow();
    await db.sql.exec(recount!);
    await expectCountsMatch(db);
  });
});

describe('the plain_mark_counts migration', () => {
  it("gives the other marks' index the predicate the lean read states, so the planner can use it", async () => {
    const [index] = await db.sql.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'SessionMark_other_marks_idx'`);
    expect(index?.def).toContain(`WHERE (code <> ALL (${PLAIN_PRESENT_SQL}))`);
    expect(PLAIN_PRESENT_SQL).toBe(String.raw`ARRAY['/'::text, '\'::text]`);
  });


  it('counts the marks a database already holds', async () => {
    const all = readMigrations();
    const index = all.findIndex((m) => m.name.endsWith('_plain_mark_counts'));
    expect(index).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-mig-'));
    const folder = (upTo: number) => {
      for (const m of all.slice(0, upTo)) {
        mkdirSync(join(dir, m.name), { recursive: true });
        writeFileSync(join(dir, m.name, 'migration.sql'), m.sql);
      }
      return dir;
    };
    const old = await createEmptyDatabase();
    try {
      await migrate(old.sql, folder(index));
      const { policy, yaml } = presetPolicy('lutley');
      const s = await createSchool(old.prisma, 'before', policy, yaml);
      const pupilId = await addPupil(old.prisma, s.id, { upn: 'C100000000000', firstName: 'R', lastName: 'Count' });
      await old.sql.query(`INSERT INTO "SessionMark" ("schoolId", "pupilId", date, session, code, source)
        VALUES ($1, $2, '2025-09-30', 'AM', '/', 't'), ($1, $2, '2025-09-30', 'PM', 'N', 't'), ($1, $2, '2025-10-01', 'AM', '/', 't')`, [s.id, pupilId]);
      expect((await migrate(old.sql, folder(index + 1))).applied).toEqual([all[index]!.name]);
      expect((await expectCountsMatch(old)).map((r) => `${r.month} ${r.code} ${r.n}`)).toEqual(['2025-09-01 / 1', '2025-10-01 / 1']);
    } finally {
      await old.close();
    }
  });
});
