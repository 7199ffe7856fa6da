// `rollcall demo`: a reproducible synthetic primary school loaded through the real import path.
// Same seed and date, same school; run again on a later day and only the new days (and N codes resolved
// since) change. The CSV files it imports are also written out as examples of the import format.
// A file identical to the one imported last time is not imported again (its fingerprint is kept in the
// audit trail), so a restart on the same morning does no import work at all.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/client.js';
import { findPreset, presetPath } from '../policy/presets.js';
import { closedSessions } from '../policy/register-times.js';
import { importFile } from '../register/import.js';
import { addOrUpdateSchool, loadSchool } from '../register/schools.js';
import type { ImportKind, ImportResult, ProgressListener, RegisterActor } from '../register/types.js';
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
/** The audit row that records the fingerprints of the files a demo run imported. */
const DEMO_IMPORTED = 'demo.imported';

export interface DemoOptions {
  /** The school day the demo represents. */
  today: IsoDate;
  /** Registers taken so far today (default: those closed by `now`, or AM only without it). */
  sessionsTakenToday?: readonly Session[];
  now?: Date;
  seed?: number;
  /** Write the generated CSV files here (for people to look at). */
  writeCsvTo?: string;
  /** Told before each file is imported (not for files skipped as unchanged), and of the import's progress. */
  onImport?: (kind: ImportKind, rows: number) => ProgressListener | undefined;
}

export interface DemoResult {
  schoolId: string;
  imports: Record<ImportKind, ImportResult>;
  /** Files identical to those imported last time, so not imported again. */
  unchanged: ImportKind[];
}

const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex');
const dataRows = (csv: string) => csv.trimEnd().split('\n').length - 1;

/**
 * The generator's own code, fingerprinted: a release that changes how the demo is made regenerates it,
 * with no version number to remember to bump.
 */
function generatorFingerprint(): string {
  const dir = import.meta.dirname;
  const sources = readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f)).sort();
  return fingerprint(sources.map((f) => readFileSync(join(dir, f), 'utf8')).join('\0'));
}

/** Recorded in the audit trail after each demo run that imported something. */
interface DemoImported {
  inputs: string;
  files: Partial<Record<ImportKind, { sha256: string; rows: number }>>;
}

function unchangedResult(kind: ImportKind, rows: number): ImportResult {
  return { kind, rows, inserted: 0, updated: 0, unchanged: rows, amended: 0, removed: 0, warnings: [], warningsNotShown: 0, errors: [], errorsNotShown: 0 };
}

async function lastImported(db: Database, schoolId: string): Promise<DemoImported | undefined> {
  const row = await db.prisma.auditEvent.findFirst({ where: { schoolId, action: DEMO_IMPORTED }, orderBy: { id: 'desc' }, select: { data: true } });
  const data = row?.data as Partial<DemoImported> | null | undefined;
  return data && typeof data.inputs === 'string' && data.files && typeof data.files === 'object' ? (data as DemoImported) : undefined;
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
  const policyYaml = readFileSync(presetPath(preset), 'utf8');
  const saved = await addOrUpdateSchool(db.prisma, { slug: DEMO_SLUG, name: DEMO_NAME, policyYaml }, ACTOR);
  const schoolId = saved.school.id;
  const { policy } = await loadSchool(db.prisma, { id: schoolId });
  const taken = options.sessionsTakenToday ?? (options.now ? closedSessions(policy, options.today, options.now) : ['AM' as const]);
  // The demo always has this morning's list to show, even before the AM register closes.
  const sessionsTakenToday = taken.length ? taken : (['AM'] as const);
  const inputs = fingerprint(JSON.stringify({ seed: options.seed ?? 2026, today: options.today, sessionsTakenToday, policyYaml, generator: generatorFingerprint() }));
  const last = await lastImported(db, schoolId);
  const kinds = ['staff', 'pupils', 'contacts', 'marks'] as const;
  if (last?.inputs === inputs && !options.writeCsvTo && kinds.every((k) => last.files[k])) {
    // The same school on the same morning as last time: nothing to generate or import.
    return { schoolId, imports: Object.fromEntries(kinds.map((k) => [k, unchangedResult(k, last.files[k]!.rows)])) as Record<ImportKind, ImportResult>, unchanged: [...kinds] };
  }
  const files = demoFiles(new SchoolCalendar(policy.calendar), { ...options, sessionsTakenToday: [...sessionsTakenToday] });
  if (options.writeCsvTo) {
    mkdirSync(options.writeCsvTo, { recursive: true });
    for (const [kind, text] of Object.entries(files)) writeFileSync(join(options.writeCsvTo, `${kind}.csv`), text);
  }
  const imports = {} as Record<ImportKind, ImportResult>;
  const unchanged: ImportKind[] = [];
  const record: DemoImported = { inputs, files: {} };
  for (const kind of kinds) {
    const rows = dataRows(files[kind]);
    record.files[kind] = { sha256: fingerprint(files[kind]), rows };
    // A file identical to the one imported last time (the pupils on a new day) is not read again.
    if (last?.files[kind]?.sha256 === record.files[kind]!.sha256) {
      unchanged.push(kind);
      imports[kind] = unchangedResult(kind, rows);
      continue;
    }
    const onProgress = options.onImport?.(kind, rows);
    const result = await importFile(db, { schoolSlug: DEMO_SLUG, kind, csvText: files[kind], actor: ACTOR, receivedAt: options.now ?? new Date(), ...(onProgress ? { onProgress } : {}) });
    if (result.errors.length) {
      throw new Error(`demo ${kind}.csv did not import: ${result.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
    }
    imports[kind] = result;
  }
  if (last?.inputs !== inputs) {
    await db.prisma.auditEvent.create({
      data: { schoolId, actor: ACTOR.name, actorRole: ACTOR.role, action: DEMO_IMPORTED, entityType: 'School', entityId: schoolId, data: { ...record } },
    });
  }
  return { schoolId, imports, unchanged };
}
