import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { runImportCommand } from '../../src/register/import-command.js';
import { createTestDatabase } from '../support/db.js';
import { ACTOR, FIXTURES, fixture, lines, newSchool } from './helpers.js';

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'rollcall-import-'));
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (name: string) => resolve(FIXTURES, name);

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('runImportCommand', () => {
  it('imports files in dependency order whatever order they are given, one summary line each', async () => {
    const school = await newSchool(db);
    const files = ['marks.csv', 'contacts.csv', 'pupils.csv', 'staff.csv'].map(at);
    const first = await runImportCommand({ db, schoolSlug: school.slug, files, actor: ACTOR, tty: false });
    expect(first.exitCode).toBe(0);
    expect(first.output.split('\n')).toEqual([
      'staff.csv: 3 rows: 3 added, 0 updated, 0 unchanged',
      'pupils.csv: 6 rows: 6 added, 0 updated, 0 unchanged',
      'contacts.csv: 10 rows: 10 added, 0 updated, 0 removed, 0 unchanged',
      '  warning: pupil A100000000006 has 1 emergency contact; the policy expects at least 2',
      'marks.csv: 12 rows: 12 added, 0 updated, 0 amended, 0 unchanged',
      "  warning: 2 marks are dated 2023-10-02, outside the terms in the school's calendar: kept and counted as held, but the national threshold cannot place them in school weeks until the policy lists those terms",
    ]);
    const again = await runImportCommand({ db, schoolSlug: school.slug, files, actor: ACTOR, tty: false });
    expect(again.output).toContain('marks.csv: 12 rows: 0 added, 0 updated, 0 amended, 12 unchanged');
  });

  it('prints each bad line with its reason, exits 1, and skips files that need the pupils', async () => {
    const school = await newSchool(db);
    const header = fixture('pupils').split('\n')[0]!;
    const pupils = write('pupils.csv', lines(header, 'A1,Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N', 'A2,Ben,Brown,,Y3,3B,,M,2022-09-05,,Q,N,N,N,N,N,N,N'));
    const result = await runImportCommand({ db, schoolSlug: school.slug, files: [pupils, at('marks.csv'), at('staff.csv')], actor: ACTOR, tty: false });
    expect(result.exitCode).toBe(1);
    expect(result.output.split('\n')).toEqual([
      'staff.csv: 3 rows: 3 added, 0 updated, 0 unchanged',
      'pupils.csv: not imported, 1 problem (nothing from this file was written):',
      '  line 3: sen_status "Q" must be N (none), K (SEN support) or E (EHCP)',
      'marks.csv: skipped, because the pupils file was not imported',
    ]);
    expect(await db.prisma.pupil.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('lists at most 50 errors and counts the rest', async () => {
    const school = await newSchool(db);
    await runImportCommand({ db, schoolSlug: school.slug, files: [at('pupils.csv')], actor: ACTOR, tty: false });
    const rows = Array.from({ length: 60 }, (_, i) => `NOBODY${i},2026-11-16,AM,/`);
    const marks = write('marks.csv', lines('upn,date,session,code', ...rows));
    const result = await runImportCommand({ db, schoolSlug: school.slug, files: [marks], actor: ACTOR, tty: false });
    const out = result.output.split('\n');
    expect(out[0]).toBe('marks.csv: not imported, 60 problems (nothing from this file was written):');
    expect(out[1]).toBe('  line 2: no pupil with UPN NOBODY0 at this school (import pupils.csv first, or check the UPN)');
    expect(out).toHaveLength(52);
    expect(out[51]).toBe('  ...and 10 more');
  });

  it('imports nothing when a file cannot be named or read, or the school does not exist', async () => {
    const school = await newSchool(db);
    const oddName = write('export.csv', 'upn\n');
    const named = await runImportCommand({ db, schoolSlug: school.slug, files: [at('staff.csv'), oddName, join(dir, 'pupils-missing.csv')], actor: ACTOR, tty: false });
    expect(named.exitCode).toBe(1);
    expect(named.output).toMatch(/^export\.csv: cannot tell what this file holds; name it staff\.csv, pupils\.csv, contacts\.csv, marks\.csv\n.*pupils-missing\.csv: cannot read it \(ENOENT\)\nNothing was imported\.$/);
    expect(await db.prisma.staffMember.count({ where: { schoolId: school.id } })).toBe(0);
    const unknown = await runImportCommand({ db, schoolSlug: 'no-such-school', files: [at('staff.csv')], actor: ACTOR, tty: false });
    expect(unknown).toMatchObject({ exitCode: 1, output: expect.stringMatching(/^There is no school "no-such-school"/) });
  });
});
