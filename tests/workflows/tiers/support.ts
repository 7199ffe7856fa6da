// Hand-made pupils and marks for the tier and digest tests: a school row with a preset (or fixture)
// policy, pupils inserted directly, and marks written session by session from day lists, so every
// figure a test expects can be worked out by hand.
import { readFileSync } from 'node:fs';
import type { PrismaClient } from '../../../src/db/client.js';
import { loadPolicyFile, parsePolicy } from '../../../src/policy/load.js';
import { findPreset, presetPath } from '../../../src/policy/presets.js';
import type { Policy } from '../../../src/policy/schema.js';
import { SchoolCalendar, type IsoDate, type Mark } from '../../../src/rules/index.js';

export interface TestSchool {
  id: string;
  policy: Policy;
  calendar: SchoolCalendar;
}

export function presetPolicy(id: string): { policy: Policy; yaml: string } {
  const preset = findPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  const loaded = loadPolicyFile(presetPath(preset));
  if (!loaded.ok) throw new Error(`preset ${id}: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { policy: loaded.policy, yaml: readFileSync(presetPath(preset), 'utf8') };
}

export function policyFromYaml(yaml: string): Policy {
  const loaded = parsePolicy(yaml);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return loaded.policy;
}

export async function createSchool(prisma: PrismaClient, slug: string, policy: Policy, yaml: string): Promise<TestSchool> {
  const school = await prisma.school.create({ data: { slug, name: policy.school.name, timezone: policy.school.timezone, policyYaml: yaml } });
  return { id: school.id, policy, calendar: new SchoolCalendar(policy.calendar) };
}

export interface PupilSpec {
  upn: string;
  firstName: string;
  lastName: string;
  yearGroup?: string;
  className?: string;
  gender?: string;
  dateOfBirth?: IsoDate;
  admissionDate?: IsoDate;
  senStatus?: string;
  fsm?: boolean;
  eal?: boolean;
  lookedAfter?: boolean;
  socialWorker?: boolean;
}

const day = (d: IsoDate) => new Date(`${d}T00:00:00Z`);

export async function addPupil(prisma: PrismaClient, schoolId: string, p: PupilSpec): Promise<string> {
  const row = await prisma.pupil.create({
    data: {
      schoolId, upn: p.upn, firstName: p.firstName, lastName: p.lastName, yearGroup: p.yearGroup ?? '3', className: p.className ?? '3A',
      gender: p.gender ?? null, dateOfBirth: p.dateOfBirth ? day(p.dateOfBirth) : day('2018-01-15'),
      admissionDate: day(p.admissionDate ?? '2024-09-01'), senStatus: p.senStatus ?? 'N', fsm: p.fsm ?? false, eal: p.eal ?? false,
      lookedAfter: p.lookedAfter ?? false, socialWorker: p.socialWorker ?? false,
    },
  });
  return row.id;
}

/** Replaces all of a pupil's marks. */
export async function setMarks(prisma: PrismaClient, schoolId: string, pupilId: string, marks: readonly Mark[]): Promise<void> {
  await prisma.sessionMark.deleteMany({ where: { pupilId } });
  await prisma.sessionMark.createMany({
    data: marks.map((m) => ({ schoolId, pupilId, date: day(m.date), session: m.session, code: m.code, minutesLate: m.minutesLate ?? null, source: 'import' })),
  });
}

/**
 * Marks for every session on the school days in [from, to]: `code` on the listed days (both sessions),
 * present (/ and \) on the rest.
 */
export function register(calendar: SchoolCalendar, from: IsoDate, to: IsoDate, special: ReadonlyMap<IsoDate, string> = new Map()): Mark[] {
  return calendar.schoolDaysBetween(from, to).flatMap((date) =>
    calendar.sessionsOn(date).map((session): Mark => ({ date, session, code: special.get(date) ?? (session === 'AM' ? '/' : '\\') })));
}

/** The first `n` school days on or after `from`. */
export function schoolDays(calendar: SchoolCalendar, from: IsoDate, n: number): IsoDate[] {
  const out: IsoDate[] = [];
  let d: IsoDate | undefined = calendar.isSchoolDay(from) ? from : calendar.nextSchoolDay(from);
  while (d !== undefined && out.length < n) {
    out.push(d);
    d = calendar.nextSchoolDay(d);
  }
  return out;
}

export function absentOn(days: readonly IsoDate[], code: string): Map<IsoDate, string> {
  return new Map(days.map((d) => [d, code]));
}
