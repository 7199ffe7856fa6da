// `rollcall demo`: a reproducible synthetic primary school loaded through the real import path.
// Same seed and date, same school; run again on a later day and only the new days (and N codes resolved
// since) change. The CSV files it imports are also written out as examples of the import format.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/client.js';
import { findPreset, presetPath } from '../policy/presets.js';
import { closedSessions } from '../policy/register-times.js';
import { importFile } from '../register/import.js';
import { addOrUpdateSchool, loadSchool } from '../register/schools.js';
import type { ImportKind, ImportResult, RegisterActor } from '../register/types.js';
import { SchoolCalendar, type IsoDate, type Session } from '../rules/index.js';
import { contactsCsv, marksCsv, pupilsCsv, staffCsv } from './csv-files.js';
import { makeMarks } from './marks.js';
import { YEAR_GROUPS, makeContacts, makePupils } from './pupils.js';
import { seededRandom } from './random.js';
import { makeStaff } from './staff.js';

export const DEMO_SLUG = 'demo';
export const DEMO_NAME = 'Hollybrook Primary School (demo)';
const DEMO_PRESET = 'lutley';
const ACTOR: RegisterActor = { name: 'Rollcall demo', role: 'system' };

export interface DemoOptions {
  /** The school day the demo represents. */
  today: IsoDate;
  /** Registers taken so far today (default: those closed by `now`, or AM only without it). */
  sessionsTakenToday?: readonly Session[];
  now?: Date;
  seed?: number;
  /** Write the generated CSV files here (for people to look at). */
  writeCsvTo?: string;
}

export interface DemoResult {
  schoolId: string;
  imports: Record<ImportKind, ImportResult>;
}

export function demoFiles(policyCalendar: SchoolCalendar, options: DemoOptions): Record<ImportKind, string> {
  const seed = options.seed ?? 2026;
  const rnd = seededRandom(seed);
  const pupils = makePupils(rnd, '2026-09-03');
  // From the previous summer term, so thresholds that span the summer holiday have something to find.
  const marks = makeMarks(seed, pupils, policyCalendar, { from: '2026-04-13', today: options.today, sessionsTakenToday: options.sessionsTakenToday ?? ['AM'] });
  return {
    staff: staffCsv(makeStaff(YEAR_GROUPS)),
    pupils: pupilsCsv(pupils),
    contacts: contactsCsv(makeContacts(rnd, pupils)),
    marks: marksCsv(marks),
  };
}

export async function createDemoSchool(db: Database, options: DemoOptions): Promise<DemoResult> {
  const preset = findPreset(DEMO_PRESET)!;
  const saved = await addOrUpdateSchool(db.prisma, { slug: DEMO_SLUG, name: DEMO_NAME, policyYaml: readFileSync(presetPath(preset), 'utf8') }, ACTOR);
  const { policy } = await loadSchool(db.prisma, { id: saved.school.id });
  const taken = options.sessionsTakenToday ?? (options.now ? closedSessions(policy, options.today, options.now) : ['AM' as const]);
  // The demo always has this morning's list to show, even before the AM register closes.
  const files = demoFiles(new SchoolCalendar(policy.calendar), { ...options, sessionsTakenToday: taken.length ? taken : ['AM'] });
  if (options.writeCsvTo) {
    mkdirSync(options.writeCsvTo, { recursive: true });
    for (const [kind, text] of Object.entries(files)) writeFileSync(join(options.writeCsvTo, `${kind}.csv`), text);
  }
  const imports = {} as Record<ImportKind, ImportResult>;
  for (const kind of ['staff', 'pupils', 'contacts', 'marks'] as const) {
    const result = await importFile(db, { schoolSlug: DEMO_SLUG, kind, csvText: files[kind], actor: ACTOR });
    if (result.errors.length) {
      throw new Error(`demo ${kind}.csv did not import: ${result.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
    }
    imports[kind] = result;
  }
  return { schoolId: saved.school.id, imports };
}
