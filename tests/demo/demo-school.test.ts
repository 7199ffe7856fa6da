import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import type { Database } from '../../src/db/client.js';
import { createDemoSchool, demoFiles } from '../../src/demo/index.js';
import { isValidUpn } from '../../src/demo/upn.js';
import { loadSchool } from '../../src/register/schools.js';
import { schoolFacts } from '../../src/reports/pupil-facts.js';
import { pupilsReport } from '../../src/reports/pupils-report.js';
import { unexplainedFor } from '../../src/workflows/unexplained/morning-list.js';
import { loadPreset } from '../../src/policy/presets.js';
import { SchoolCalendar } from '../../src/rules/index.js';

const TODAY = '2026-11-23';
let db: Database;
let schoolId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  schoolId = (await createDemoSchool(db, { today: TODAY })).schoolId;
}, 180_000);
afterAll(async () => db?.close());

describe('demo school', () => {
  it('has about 420 pupils in 14 classes, two contacts each, and staff with the roles the workflows need', async () => {
    const pupils = await db.prisma.pupil.findMany({ where: { schoolId } });
    expect(pupils).toHaveLength(420);
    expect(new Set(pupils.map((p) => p.className)).size).toBe(14);
    expect(pupils.every((p) => isValidUpn(p.upn))).toBe(true);
    const contacts = await db.prisma.emergencyContact.groupBy({ by: ['pupilId'], where: { schoolId }, _count: true });
    expect(contacts).toHaveLength(420);
    expect(contacts.every((c) => c._count === 2)).toBe(true);
    const roles = new Set((await db.prisma.staffMember.findMany({ where: { schoolId } })).flatMap((s) => s.roles));
    for (const role of ['headteacher', 'dsl', 'office', 'attendance-officer', 'class-teacher', 'senco']) expect(roles).toContain(role);
    expect(pupils.filter((p) => p.childProtectionPlan || p.lookedAfter || p.socialWorker).length).toBeGreaterThan(5);
  });

  it('is reproducible: the same date again imports nothing new', async () => {
    const again = await createDemoSchool(db, { today: TODAY });
    expect(again.imports.marks.inserted).toBe(0);
    expect(again.imports.marks.amended).toBe(0);
    expect(again.imports.pupils.inserted).toBe(0);
  });

  it('gives every workflow something to show: absence patterns, threshold hits, open N codes, tiers', async () => {
    const school = await loadSchool(db.prisma, { id: schoolId });
    const facts = await schoolFacts(db.sql, schoolId, school.policy, TODAY);
    const report = pupilsReport(facts);
    const pct = report.reduce((a, r) => a + r.presentSessions, 0) / report.reduce((a, r) => a + r.possibleSessions, 0);
    expect(pct).toBeGreaterThan(0.93); // mostly present, like a real primary
    expect(pct).toBeLessThan(0.98);
    expect(report.filter((r) => r.persistentAbsence).length).toBeGreaterThan(20);
    expect(report.filter((r) => r.severeAbsence).length).toBeGreaterThanOrEqual(2);
    const hits = report.filter((r) => r.nationalThresholdMetOn).map((r) => r.nationalThresholdMetOn!);
    expect(hits.length).toBeGreaterThanOrEqual(3);
    expect(hits.some((d) => d >= '2026-09-01')).toBe(true);
    expect(report.reduce((a, r) => a + r.openNCodes, 0)).toBeGreaterThan(10);
    expect(new Set(report.map((r) => r.tier).filter(Boolean)).size).toBeGreaterThanOrEqual(2);
    // This morning's list exists and a vulnerable pupil is at the top of it.
    const morning = unexplainedFor(school.policy, facts.calendar, facts.pupils, TODAY, 'AM');
    expect(morning.length).toBeGreaterThan(3);
    expect(morning[0]!.vulnerability.vulnerable).toBe(true);
    expect(morning[0]!.consecutiveDays).toBeGreaterThanOrEqual(3);
  });
});

describe('demo files', () => {
  it('are the same for the same seed and different for another', () => {
    const preset = loadPreset('lutley');
    if (!preset.ok) throw new Error('preset invalid');
    const calendar = new SchoolCalendar(preset.policy.calendar);
    const a = demoFiles(calendar, { today: TODAY, sessionsTakenToday: ['AM'] });
    const b = demoFiles(calendar, { today: TODAY, sessionsTakenToday: ['AM'] });
    const c = demoFiles(calendar, { today: TODAY, seed: 7, sessionsTakenToday: ['AM'] });
    expect(a.marks).toBe(b.marks);
    expect(a.pupils).not.toBe(c.pupils);
  });

  it('regenerate the same past marks on a later day', () => {
    const preset = loadPreset('lutley');
    if (!preset.ok) throw new Error('preset invalid');
    const calendar = new SchoolCalendar(preset.policy.calendar);
    const monday = demoFiles(calendar, { today: TODAY, sessionsTakenToday: ['AM'] }).marks.split('\n');
    const tuesday = new Set(demoFiles(calendar, { today: '2026-11-24', sessionsTakenToday: ['AM'] }).marks.split('\n'));
    // Only marks from the last school week may differ (N codes resolve to O as they age).
    const changed = monday.filter((line) => line && !tuesday.has(line));
    expect(changed.every((line) => line.split(',')[1]! >= '2026-11-13')).toBe(true);
  });
});
