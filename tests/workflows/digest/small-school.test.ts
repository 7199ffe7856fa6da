// The digest's figures for the six-pupil fixture school (tests/fixtures/small-school), checked against
// figures worked out by hand from marks.csv, plus the chart image and a trust digest over two schools.
//
// Sessions attended out of 20 (week of 9 Nov / week of 16 Nov, 10 each):
//   Ava 3A   10/10  -> 20/20          Dan 4A  9/10 (N Wed AM; L counts present) / 9/10 (G Thu PM) -> 18/20
//   Ben 3A    8/10 (I Mon) / 10/10 -> 18/20   Eve 4A  10/10 / 9/10 (N Fri AM) -> 19/20
//   Cara 3B  10/10 / 0/10 (O all week) -> 10/20   Finn 4A  6/10 (I Mon, Tue) / 10/10 -> 16/20
// This week 48/60 = 80.0%; last week 53/60 = 88.3%; change -8.3 pts; year to date 101/120 = 84.2%.
// Persistent absence (10%+): Ben 2/20, Cara 10/20, Dan 2/20, Finn 4/20 -> 4 of 6 = 66.7%. Severe: Cara -> 16.7%.
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { buildDigest, type Digest } from '../../../src/workflows/digest/build.js';
import { digestText } from '../../../src/workflows/digest/message.js';
import { loadSchool } from '../../../src/register/schools.js';
import { buildTrustDigest } from '../../../src/workflows/digest/trust.js';
import { operation as report } from '../../../src/cli/operations/report.js';
import { loadSmallSchool, type LoadedSchool } from '../../fixtures/small-school/load.js';
import { createTestDatabase } from '../../support/db.js';

let db: Database;
let school: LoadedSchool;
let digest: Digest;

const day = (d: string) => new Date(`${d}T00:00:00Z`);

beforeAll(async () => {
  db = await createTestDatabase();
  school = await loadSmallSchool(db.prisma);
  const id = (upn: string) => school.pupils.get(upn) ?? '';
  await db.prisma.unexplainedAbsence.createMany({
    data: [
      { schoolId: school.id, pupilId: id('A100000000005'), date: day('2026-11-20'), session: 'AM', status: 'open' },
      { schoolId: school.id, pupilId: id('A100000000004'), date: day('2026-11-11'), session: 'AM', status: 'resolved' },
    ],
  });
  const incident = (upn: string, at: string, status: string) => ({
    schoolId: school.id, pupilId: id(upn), reportedBy: 'staff-1', reportedAt: new Date(at), parentDeadlineAt: new Date(at), status,
  });
  await db.prisma.missingPupilIncident.createMany({
    data: [incident('A100000000006', '2026-11-18T10:00:00Z', 'found'), incident('A100000000006', '2026-11-10T10:00:00Z', 'closed')],
  });
  const task = (key: string, kind: string, due: string, status: string) => ({
    schoolId: school.id, key, kind, title: key, ownerRole: 'attendance-officer', dueAt: new Date(due), status, pupilId: id('A100000000002'),
  });
  await db.prisma.task.createMany({
    data: [
      task('overdue-letter', 'tier-action', '2026-11-19T00:00:00Z', 'open'),
      task('not-yet-due', 'tier-action', '2026-11-27T00:00:00Z', 'open'),
      task('done-late', 'tier-action', '2026-11-10T00:00:00Z', 'done'),
      task('monitoring', 'tier-monitoring', '2026-11-12T00:00:00Z', 'open'),
    ],
  });
  digest = await buildDigest(db, { schoolId: school.id, policy: school.policy, weekStart: '2026-11-16' });
});
afterAll(async () => {
  await db.close();
});

describe('weekly digest figures for the fixture school', () => {
  it('headline figures against the target and last week', () => {
    const f = digest.figures;
    expect([f.weekStart, f.asOf, f.yearStart]).toEqual(['2026-11-16', '2026-11-20', '2026-09-01']);
    expect(f.week).toEqual({ possible: 60, present: 48, pct: 80 });
    expect(f.previousWeek).toEqual({ possible: 60, present: 53, pct: 88.3, weekStart: '2026-11-09' });
    expect(f.changePts).toBe(-8.3);
    expect(f.yearToDate).toEqual({ possible: 120, present: 101, pct: 84.2 });
    expect(f.ytdVsTargetPts).toBe(-10.8);
    expect([f.whole.pupils, f.whole.persistent, f.whole.persistentPct, f.whole.severe, f.whole.severePct]).toEqual([6, 4, 66.7, 1, 16.7]);
  });

  it('by year group and class', () => {
    const row = (r: { label: string; ytd: { pct: number | null }; week: { pct: number | null }; persistent: number; severe: number }) =>
      [r.label, r.ytd.pct, r.week.pct, r.persistent, r.severe];
    expect(digest.figures.byYear.map(row)).toEqual([['Year 3', 80, 66.7, 2, 1], ['Year 4', 88.3, 93.3, 2, 0]]);
    expect(digest.figures.byClass.map(row)).toEqual([['3A', 95, 100, 1, 0], ['3B', 50, 0, 1, 1], ['4A', 88.3, 93.3, 2, 0]]);
  });

  it('by pupil group, against the rest of the school', () => {
    expect(digest.figures.byGroup.map((g) => [g.label, g.inGroup.pupils, g.inGroup.ytd.pct, g.others.ytd.pct, g.inGroup.persistentPct, g.others.persistentPct])).toEqual([
      ['SEND (K or E)', 2, 70, 91.3, 100, 50],
      ['Disadvantaged (FSM)', 2, 95, 78.8, 50, 75],
      ['EAL', 2, 65, 93.8, 100, 50],
      ['Social worker or looked after', 2, 92.5, 80, 50, 75],
    ]);
    expect(digest.figures.byGender.map((g) => [g.label, g.pupils, g.ytd.pct])).toEqual([['F', 3, 81.7], ['M', 3, 86.7]]);
  });

  it('day of the week and the weekly trend', () => {
    expect(digest.figures.dayOfWeek.map((d) => [d.day, d.ytd.pct, d.week.pct])).toEqual([
      ['Mon', 75, 83.3], ['Tue', 83.3, 83.3], ['Wed', 87.5, 83.3], ['Thu', 87.5, 75], ['Fri', 87.5, 75],
    ]);
    expect(digest.figures.trend).toEqual([{ weekStart: '2026-11-09', pct: 88.3 }, { weekStart: '2026-11-16', pct: 80 }]);
  });

  it('tiers and casework', () => {
    // Year to date: Ben and Dan 90.0% (Letter 1), Cara 50% and Finn 80% (Letter 2), Ava 100% and Eve 95.0% (none).
    expect(digest.figures.tiers).toEqual([
      { tier: 'Letter 2: monitoring', pupils: 2 }, { tier: 'Letter 1: concern', pupils: 2 }, { tier: 'No tier', pupils: 2 },
    ]);
    expect(digest.figures.casework).toEqual({
      firstDayOpen: 1, oldestOpenCase: '2026-11-20', nCodesOpen: 2, nCodesOverdue: 1, incidentsThisWeek: 1, incidentsOpen: 0,
      actionsOverdue: 1, actionsOverdueByRole: [{ role: 'attendance-officer', count: 1 }],
    });
  });

  it('the message and the terminal text carry the same headline', () => {
    const fieldsBlock = digest.message.blocks.find((b) => b.kind === 'fields');
    expect(fieldsBlock).toEqual({
      kind: 'fields',
      fields: [
        { label: 'This week', value: '80.0% (−8.3 pts on last week, 88.3%)' },
        { label: 'Year to date', value: '84.2% (target 95%: −10.8 pts)' },
        { label: 'Persistent absence (10%+)', value: '4 pupils, 66.7%' },
        { label: 'Severe absence (50%+)', value: '1 pupil, 16.7%' },
      ],
    });
    expect(digest.message.summary).toContain('80.0% this week');
    expect(digestText(digest.figures, digest.dataAsOf)).toContain('This week: 80.0% (−8.3 pts on last week, 88.3%)');
  });
});

describe('the chart image', () => {
  it('is a real PNG that resvg can decode at the reported size', () => {
    const { png, width, height, filename } = digest.chart;
    expect(filename).toBe('attendance-digest-2026-11-16.png');
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([width, height]);
    expect(width).toBeGreaterThan(400);
    // Decode it again by drawing it inside an SVG: a broken PNG would leave the canvas blank.
    const b64 = Buffer.from(png).toString('base64');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${b64}"/></svg>`;
    const redrawn = new Resvg(svg).render();
    expect([redrawn.width, redrawn.height]).toEqual([width, height]);
    const pixels = redrawn.pixels;
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 200) inked++;
    expect(inked).toBeGreaterThan(1000);
  });
});

describe('trust digest over two schools', () => {
  it('adds sessions across schools and lists each school', async () => {
    const b = await loadSmallSchool(db.prisma, 'small-school-b', 'Second Fixture Primary');
    // In the second school Cara was present all of the week of 16 Nov: 58/60 this week, 111/120 year to date.
    await db.prisma.sessionMark.updateMany({ where: { pupilId: b.pupils.get('A100000000003') ?? '', code: 'O' }, data: { code: '/' } });
    const schools = await Promise.all([school.id, b.id].map((id) => loadSchool(db.prisma, { id })));
    const trust = await buildTrustDigest(db, { schools, weekStart: '2026-11-16' });
    const t = trust.figures;
    expect(t.schools.map((s) => [s.name, s.figures.week.pct, s.figures.yearToDate.pct])).toEqual([
      ['Small Fixture Primary', 80, 84.2], ['Second Fixture Primary', 96.7, 92.5],
    ]);
    expect(t.week).toEqual({ possible: 120, present: 106, pct: 88.3 });
    expect(t.yearToDate).toEqual({ possible: 240, present: 212, pct: 88.3 });
    expect([t.pupils, t.persistent, t.persistentPct, t.severe, t.severePct]).toEqual([12, 7, 58.3, 1, 8.3]);
    expect([...trust.chart.png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(trust.message.blocks.find((b) => b.kind === 'list')).toMatchObject({ rows: [{ text: expect.stringContaining('**Small Fixture Primary**: this week 80.0%') }, { text: expect.stringContaining('**Second Fixture Primary**: this week 96.7%') }] });
  });
});

describe('rollcall report digest', () => {
  it('says how fresh the register behind it is: for the school, and for each school of the trust', async () => {
    // The fixture schools were loaded without an import: nothing says when their register data arrived.
    const before = await report.run(db, { report: 'digest', school: 'small-school', date: '2026-11-20', format: 'text' }, { tty: false });
    expect(before.stdout.split('\n').slice(0, 2)).toEqual([
      'Attendance digest: Small Fixture Primary, week of 2026-11-16 (registers to 2026-11-20)',
      'No register data has been received yet.',
    ]);
    await db.prisma.registerFeed.create({ data: { schoolId: school.id, receivedAt: new Date('2026-11-20T15:12:00Z'), receivedFrom: 'import' } });
    const after = await report.run(db, { report: 'digest', school: 'small-school', date: '2026-11-20', format: 'text' }, { tty: false });
    expect(after.stdout.split('\n')[1]).toBe('Register data as of Fri 20 Nov 15:12.');

    const trust = await report.run(db, { report: 'digest', school: 'small-school', date: '2026-11-20', format: 'text', trust: true }, { tty: false });
    const line = (name: string) => trust.stdout.split('\n').find((l) => l.includes(name)) ?? '';
    expect(line('Small Fixture Primary')).toMatch(/Register data as of Fri 20 Nov 15:12\.$/);
    expect(line('Second Fixture Primary')).toMatch(/No register data has been received yet\.$/);
  });
});
