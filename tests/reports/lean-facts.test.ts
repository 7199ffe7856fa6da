// leanSchoolFacts (counts of / and \ plus every other mark) must give every pupil exactly the facts
// schoolFacts gives from all their marks: attendance, days absent this term, national threshold, open Ns,
// tier. Generated registers over three school years, read on dates that include one whose school year
// straddles the 2024 code change (19 Aug 2024), a half-term holiday and the first day of a term, after
// some marks were amended and deleted. The registers also hold marks the figures must not count (on
// weekends, holidays, INSET days and bank holidays, and before a late admission).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { leanSchoolFacts } from '../../src/reports/lean-facts.js';
import { schoolFacts } from '../../src/reports/pupil-facts.js';
import { PLAIN_PRESENT_CODES, addDays, type IsoDate } from '../../src/rules/index.js';
import { createTestDatabase } from '../support/db.js';
import { addPupil, createSchool, presetPolicy, type TestSchool } from '../workflows/tiers/support.js';

const CODES = ['/', '\\', '/', '\\', '/', '\\', 'L', 'U', 'I', 'M', 'G', 'N', 'O', 'C', 'B', 'D', 'X', '#', 'H', 'J', 'J1', 'K', '-', 'Y', 'Y4', 'F'];
const DATES = ['2024-08-23', '2024-09-13', '2025-07-10', '2026-02-18', '2026-04-14', '2026-11-20'];

let db: Database;
const schools: TestSchool[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (const preset of ['lutley', 'inspire']) {
    const { policy, yaml } = presetPolicy(preset);
    const school = await createSchool(db.prisma, `lean-${preset}`, policy, yaml);
    schools.push(school);
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) {
      const admissionDate = i % 4 === 1 ? '2025-01-06' : i % 4 === 2 ? '2026-02-18' : '2023-09-01';
      const pupilId = await addPupil(db.prisma, school.id, { upn: `L${preset.length}${i}`, firstName: `P${i}`, lastName: preset, admissionDate });
      const absence = i % 3 === 0 ? 0.4 : 0.08;
      // Every weekday, and some Saturdays, from before any admission (written straight to the table, as an
      // older calendar or a restore could leave them; the import would refuse most of them).
      for (let d: IsoDate = '2023-09-04'; d <= '2026-11-27'; d = addDays(d, 1)) {
        const day = new Date(`${d}T00:00:00Z`).getUTCDay();
        if (day === 0 || (day === 6 && rnd() < 0.9) || rnd() < 0.02) continue;
        for (const session of ['AM', 'PM']) {
          const code = rnd() < absence ? CODES[Math.floor(rnd() * CODES.length)] ?? '/' : session === 'AM' ? '/' : '\\';
          lines.push(`${school.id},${pupilId},${d},${session},"${code}",${code === 'L' || code === 'U' ? 20 : ''},test`);
        }
      }
    }
    await db.sql.withConnection((c) => c.copyCsv('"SessionMark"', ['schoolId', 'pupilId', 'date', 'session', 'code', 'minutesLate', 'source'], lines.join('\n')));
    // Then some marks amended both ways and some deleted, as chat reasons and corrected imports do over a
    // year: the plain counts read (PlainMarkCount, kept by triggers) must follow them.
    await db.sql.query(`UPDATE "SessionMark" SET code = CASE WHEN code = ANY($2::text[]) THEN 'I' ELSE '/' END, "minutesLate" = NULL
      WHERE "schoolId" = $1 AND id % 17 = 0`, [school.id, PLAIN_PRESENT_CODES]);
    await db.sql.query(`DELETE FROM "SessionMark" WHERE "schoolId" = $1 AND id % 23 = 0`, [school.id]);
  }
}, 120_000);
afterAll(async () => db?.close());

const key = (m: { date: string; session: string; code: string; minutesLate?: number | null }) => `${m.date}${m.session}${m.code}${m.minutesLate ?? ''}`;

describe('leanSchoolFacts', () => {
  it.each(DATES.flatMap((date) => ['lutley', 'inspire'].map((preset, index) => [preset, date, index] as const)))('%s on %s: the facts schoolFacts gives', async (_preset, date, index) => {
    const school = schools[index];
    if (!school) throw new Error('no school');
    const [lean, full] = await Promise.all([leanSchoolFacts(db.sql, school.id, school.policy, date), schoolFacts(db.sql, school.id, school.policy, date)]);
    expect(lean.pupils.length).toBe(full.pupils.length);
    expect(lean.pupils.length).toBeGreaterThan(date < '2025-01-06' ? 5 : 8);
    expect(lean.pupils.map(({ otherMarks: _, ...f }) => f)).toEqual(full.pupils.map(({ marks: _, ...f }) => f));
    full.pupils.forEach((f, i) => {
      const other = f.marks.filter((m) => !PLAIN_PRESENT_CODES.includes(m.code)).map(key).sort();
      expect(lean.pupils[i]?.otherMarks.map(key).sort()).toEqual(other);
    });
    // The fixture must make the comparison mean something: absences and a spread of attendance, and marks
    // the figures leave out.
    expect(new Set(full.pupils.map((f) => f.yearToDate.attendancePct)).size).toBeGreaterThan(3);
    const stored = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "SessionMark" WHERE "schoolId" = $1 AND date <= $2::date`, [school.id, date]);
    const counted = full.pupils.reduce((n, f) => n + f.marks.length, 0);
    expect(counted).toBeLessThan(stored[0]?.n ?? 0);
  }, 30_000);
});
