// A pupil named exactly but not on roll that day: a leaver, or a pupil not admitted yet, is told as such
// (nothing recorded), not as a misspelling; a name nobody at the school ever had still gets the usual answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { pupilFromArgs } from '../../src/core/pupil-args.js';
import { toDbDate } from '../../src/register/db-dates.js';
import { createTestDatabase } from '../support/db.js';
import { seedSmallSchool } from '../workflows/unexplained/support.js';

let db: Database;
let schoolId = '';
beforeAll(async () => {
  db = await createTestDatabase();
  schoolId = await seedSmallSchool(db);
  await db.prisma.pupil.updateMany({ where: { schoolId, upn: 'A100000000006' }, data: { leavingDate: toDbDate('2026-11-20') } });
  await db.prisma.pupil.updateMany({ where: { schoolId, upn: 'A100000000005' }, data: { admissionDate: toDbDate('2026-11-30') } });
}, 60_000);
afterAll(async () => { await db?.close(); });

const call = (text: string) => pupilFromArgs(db.prisma, schoolId, { command: '/call', text, onRollOn: '2026-11-23', shape: { kind: 'only' } });

describe('a pupil not on roll that day', () => {
  it('names a leaver as having left, with the date', async () => {
    await expect(call('Ben Ode')).rejects.toMatchObject({ code: 'UNKNOWN_PUPIL', message: expect.stringContaining('Ben Ode left on 20 Nov 2026 and is no longer on roll') });
    await expect(call('A100000000006')).rejects.toMatchObject({ message: expect.stringContaining('left on 20 Nov 2026') });
  });

  it('names a pupil not admitted yet, with the day they join', async () => {
    await expect(call('lily evans')).rejects.toMatchObject({ code: 'UNKNOWN_PUPIL', message: 'Lily Evans is on roll from 30 Nov 2026, so nothing was recorded.' });
  });

  it('still finds the leaver on a day they were on roll, and answers a name never on roll as before', async () => {
    await expect(pupilFromArgs(db.prisma, schoolId, { command: '/call', text: 'Ben Ode', onRollOn: '2026-11-20', shape: { kind: 'only' } })).resolves.toMatchObject({ kind: 'found' });
    await expect(call('Zed Quinn')).rejects.toMatchObject({ message: expect.stringContaining('No pupil on roll matches "Zed Quinn"') });
  });
});
