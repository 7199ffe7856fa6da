// A late start on Teams before Rollcall is even in the team, for a 92-pupil school, end to end through
// /api/messages and the fake Bot Connector with Teams-like per-conversation limits (7 a second, 60 per 30 s)
// on the injected clock. The catch-up's lists, thread lines and 1:1 messages are held (not dead) until
// Rollcall is added, then drain under the limit, waiting out each Retry-After without using up attempts;
// a missing pupil raised meanwhile gets its parent alert exactly once; nothing is dead at the end.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catchUpToday, unexplainedWorkflow } from '../../../src/workflows/unexplained/index.js';
import { missingPupilWorkflow } from '../../../src/workflows/missing/index.js';
import { cardText, CHANNELS, startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { seedBigSchool, STAFF, TODAY } from './big-school.js';

const TEAMS_LIMIT = { windows: [{ ms: 1000, max: 7 }, { ms: 30_000, max: 60 }] };
const at = (hhmmss: string) => new Date(`${TODAY}T${hhmmss}Z`).getTime();

let h: TeamsHarness;
let schoolId = '';
beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  h = await startTeamsHarness({
    workflows: [unexplainedWorkflow, missingPupilWorkflow],
    now: new Date(`${TODAY}T14:00:00Z`),
    installed: false,
    rateLimit: TEAMS_LIMIT,
    seed: async (db) => void (schoolId = await seedBigSchool(db, 92)),
  });
}, 180_000);
afterAll(async () => {
  await h?.close();
  vi.restoreAllMocks();
});

const count = (status: string) => h.db.prisma.outboxMessage.count({ where: { platform: 'teams', status } });

async function stepUntil(until: number, stepMs = 1000): Promise<void> {
  while (h.clock.now().getTime() < until) {
    h.clock.set(new Date(Math.min(until, h.clock.now().getTime() + stepMs)).toISOString());
    await h.rollcall.timers.tick();
    await h.drain();
  }
}

describe('a 92-pupil catch-up on Teams, started before installation, under a Teams-like rate limit', () => {
  it('holds everything while Rollcall is not in the team: nothing is sent, nothing dies', async () => {
    await catchUpToday(await h.rollcall.services.school(schoolId), h.rollcall.services);
    await h.rollcall.timers.tick();
    await stepUntil(at('14:00:05'));
    expect(h.fake.callsTo('send')).toEqual([]);
    expect(await count('dead')).toBe(0);
    // The lists and 1:1 messages are held; the lines for the lists' threads wait for their lists.
    expect(await count('pending')).toBeGreaterThan(90);
    expect(await h.db.prisma.outboxMessage.count({ where: { platform: 'teams', status: 'pending', lastError: { startsWith: 'held: ' } } })).toBeGreaterThan(0);
  }, 300_000); // about 25 s alone on a busy machine, over 120 s in a full run on a machine busy with other work

  it('once added: drains under the limit with nothing dead, and a missing pupil’s parent alert arrives once', async () => {
    await h.install();
    const names = (await h.db.prisma.pupil.findMany({ where: { schoolId } })).map((p) => `${p.firstName} ${p.lastName}`);
    const name = names.find((n) => names.filter((m) => m === n).length === 1)!;
    expect((await h.message(STAFF.teacher!, `missing ${name} by the gate`, { channel: CHANNELS.incidents })).status).toBe(200);
    await stepUntil(at('14:14:00'));
    // The limit was really reached, and waited out rather than counted as failures.
    expect(h.fake.rateLimited).toBeGreaterThan(0);
    expect(await count('dead')).toBe(0);
    expect(await count('pending')).toBe(0);
    const cards = h.posts(CHANNELS.incidents).filter((m) => cardText(m).includes(`MISSING: ${name}`));
    expect(cards).toHaveLength(1);
    const card = cards[0];
    expect(h.replies(CHANNELS.incidents, card!.id).filter((m) => cardText(m).includes('NOTIFY PARENTS NOW'))).toHaveLength(1);
    const list = h.posts(CHANNELS.attendance).filter((m) => cardText(m).includes('Unexplained absences: AM'));
    expect(list.length).toBeGreaterThanOrEqual(4);
  }, 300_000);
});
