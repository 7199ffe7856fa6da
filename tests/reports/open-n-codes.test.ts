// An N mark never replaced is an open breach however old it is (reg 10(7)-(9)): the pupils report (both
// reads), the digest, the morning N-code reminders and the amendments export see it a year later just
// as on the day, and resolving it closes it everywhere at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Database } from '../../src/db/client.js';
import { createNotifier } from '../../src/core/notifier.js';
import type { AppServices } from '../../src/core/workflow.js';
import { createDurableTimers, systemClock } from '../../src/jobs/index.js';
import { amendMark } from '../../src/register/amend-mark.js';
import { exportAmendments } from '../../src/register/export-amendments.js';
import { importFile } from '../../src/register/import.js';
import { addOrUpdateSchool, loadSchool } from '../../src/register/schools.js';
import { leanSchoolFacts } from '../../src/reports/lean-facts.js';
import { schoolFacts } from '../../src/reports/pupil-facts.js';
import { pupilsReport } from '../../src/reports/pupils-report.js';
import { localDateOf } from '../../src/rules/local-time.js';
import { digestFiguresFor } from '../../src/workflows/digest/build.js';
import { runNCodeHygiene } from '../../src/workflows/unexplained/n-code-hygiene.js';
import { PUPIL_HEADER } from '../register/helpers.js';
import { createTestDatabase } from '../support/db.js';

const ACTOR = { name: 'Data Manager', role: 'office' };
const UPN = 'N100000000001';
let db: Database;
let schoolId: string;
let services: AppServices;

beforeAll(async () => {
  db = await createTestDatabase();
  const saved = await addOrUpdateSchool(db.prisma, { slug: 'old-n', policyYaml: readFileSync('policies/st-lukes-cofe.yaml', 'utf8') }, ACTOR);
  schoolId = saved.school.id;
  const pupils = [PUPIL_HEADER, `${UPN},Nia,Open,,3,3A,2017-01-01,F,2024-01-08,,N,N,N,N,N,N,N,N`, 'N100000000002,Ned,Clear,,3,3A,2017-01-01,M,2024-01-08,,N,N,N,N,N,N,N,N'];
  expect((await importFile(db, { receivedAt: new Date(), schoolSlug: 'old-n', kind: 'pupils', csvText: `${pupils.join('\n')}\n`, actor: ACTOR })).errors).toEqual([]);
  // Two N marks more than a year old, never replaced, and one of the other pupil's that was.
  const marks = ['upn,date,session,code', `${UPN},2024-07-10,AM,N`, `${UPN},2024-09-10,AM,N`, 'N100000000002,2024-09-10,AM,I', `${UPN},2025-09-03,AM,/`];
  expect((await importFile(db, { receivedAt: new Date(), schoolSlug: 'old-n', kind: 'marks', csvText: `${marks.join('\n')}\n`, actor: ACTOR })).errors).toEqual([]);
  services = {
    db, clock: systemClock, timers: createDurableTimers({ prisma: db.prisma }), notify: createNotifier(['slack']),
    school: (id) => loadSchool(db.prisma, { id }),
  };
}, 120_000);
afterAll(async () => db?.close());

async function openOn(date: string): Promise<{ full: number; lean: number }> {
  const { policy } = await loadSchool(db.prisma, { id: schoolId });
  const [full, lean] = await Promise.all([schoolFacts(db.sql, schoolId, policy, date), leanSchoolFacts(db.sql, schoolId, policy, date)]);
  const row = pupilsReport(full).find((r) => r.upn === UPN);
  const leanPupil = lean.pupils.find((p) => p.pupil.upn === UPN);
  return { full: row?.openNCodes ?? -1, lean: leanPupil?.openN.length ?? -1 };
}

describe('open N codes of any age', () => {
  it.each(['2025-08-29', '2025-09-01', '2025-09-10', '2026-09-10', '2027-07-16'])('counts both old N marks on %s, in the report and the lean read', async (date) => {
    expect(await openOn(date)).toEqual({ full: 2, lean: 2 });
  });

  it('counts them in the digest and lists them as overdue in the morning N-code reminders', async () => {
    const { policy } = await loadSchool(db.prisma, { id: schoolId });
    const digest = await digestFiguresFor(db, { schoolId, policy, weekStart: '2026-09-07' });
    expect(digest.casework).toMatchObject({ nCodesOpen: 2, nCodesOverdue: 2 });
    const reminders = await runNCodeHygiene(services, schoolId, new Date('2026-09-10T07:30:00Z'));
    expect(reminders?.overdue.map((r) => `${r.mark.date} ${r.mark.session} ${r.suggestedCode}`)).toEqual(['2024-07-10 AM O', '2024-09-10 AM O']);
    expect(reminders?.due).toEqual([]);
  });

  it('closes an old N once it is replaced, and the amendments export lists the change for the MIS', async () => {
    const pupil = await db.prisma.pupil.findFirstOrThrow({ where: { schoolId, upn: UPN } });
    await db.prisma.$transaction((tx) => amendMark(tx, {
      schoolId, pupilId: pupil.id, date: '2024-07-10', session: 'AM', newCode: 'O', reason: 'No reason established', actor: ACTOR, source: 'chat', now: new Date(),
    }));
    expect(await openOn('2026-09-10')).toEqual({ full: 1, lean: 1 });
    const today = localDateOf(new Date(), 'Europe/London');
    const csv = await exportAmendments(db.prisma, { schoolId, from: today, to: today });
    const rows = csv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`^${UPN},"Open, Nia",2024-07-10,AM,N,O,No reason established,Data Manager,office,`));
    const reminders = await runNCodeHygiene(services, schoolId, new Date('2026-09-11T07:30:00Z'));
    expect(reminders?.overdue.map((r) => r.mark.date)).toEqual(['2024-09-10']);
  });
});
