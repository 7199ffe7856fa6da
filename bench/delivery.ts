// Issue 16's benchmarks, on the injected clock (platform limits and outages are about time, so the figures are
// simulated seconds, with the wall time it took beside them): the parent alert after Slack answered 500 for
// three minutes around the parent deadline, against the same procedure with Slack healthy; and a late
// 92-pupil catch-up on Teams under Teams-like per-conversation limits (7 a second, 60 per 30 s), against
// the same catch-up on a connector with no limits. Both run the whole app against the fakes over HTTP.
import { catchUpToday, unexplainedWorkflow } from '../src/workflows/unexplained/index.js';
import { command, incidentFor, START, seedSchool } from '../tests/workflows/missing/support.js';
import { missingPupilWorkflow } from '../src/workflows/missing/index.js';
import { startSlackHarness } from '../tests/support/slack-harness.js';
import { startTeamsHarness } from '../tests/support/teams-harness.js';
import { seedBigSchool, TODAY } from '../tests/workflows/teams/big-school.js';
import { backends, fmtMs, record } from './support.js';

const SECOND = 1000;
const at = (iso: string) => new Date(iso).getTime();

type Stepped = { clock: { now(): Date; set(iso: string): void }; rollcall: { timers: { tick(): Promise<unknown> } }; drain(): Promise<unknown> };

async function stepUntil(h: Stepped, until: number, stepMs: number, done: () => Promise<boolean> = async () => false): Promise<void> {
  while (h.clock.now().getTime() < until && !(await done())) {
    h.clock.set(new Date(Math.min(until, h.clock.now().getTime() + stepMs)).toISOString());
    await h.rollcall.timers.tick();
    await h.drain();
  }
}

/** Seconds from `from` (simulated) to the parent alert being recorded sent, and the wall time of the run. */
async function parentAlert(open: () => Promise<import('../src/db/client.js').Database>, outage: boolean): Promise<{ afterMs: number; wallMs: number; attempts: number }> {
  const wall = performance.now();
  const h = await startSlackHarness({ workflows: [missingPupilWorkflow], now: START, db: await open(), seed: async (db) => void (await seedSchool(db)) });
  try {
    const window = { from: at('2026-11-23T10:39:00Z'), to: at('2026-11-23T10:42:00Z') };
    if (outage) h.fake.setRule(() => (h.clock.now().getTime() >= window.from && h.clock.now().getTime() < window.to ? { status: 500 } : undefined));
    await command(h, 'UTEACH', '/missing', 'Amy Brown by the gate');
    await h.drain();
    await stepUntil(h, at('2026-11-23T10:44:00Z'), SECOND);
    const incident = await incidentFor(h, 'Brown');
    const alert = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `incident:${incident.id}`, purpose: 'parent-alert' } });
    if (!alert.sentAt) throw new Error('the parent alert was not sent');
    const from = outage ? window.to : at('2026-11-23T10:40:00Z');
    return { afterMs: alert.sentAt.getTime() - from, wallMs: performance.now() - wall, attempts: alert.attempts };
  } finally {
    await h.close();
  }
}

const TEAMS_LIMIT = { windows: [{ ms: 1000, max: 7 }, { ms: 30_000, max: 60 }] };
const LIMITED_OPS = new Set(['send', 'reply', 'update', 'delete']);

/**
 * The rate limit's own floor for these operations: the limit is per conversation, and the k-th operation
 * in one (from 0) cannot go before floor(k / max) * window for any of its windows, so the busiest
 * conversation sets the time no sender could beat.
 */
function limitFloorMs(calls: readonly { op: string; conversationId?: string }[]): { floorMs: number; busiest: number; conversations: number } {
  const perConversation = new Map<string, number>();
  for (const c of calls) {
    if (!LIMITED_OPS.has(c.op) || !c.conversationId) continue;
    const key = c.conversationId.split(';')[0] ?? '';
    perConversation.set(key, (perConversation.get(key) ?? 0) + 1);
  }
  const busiest = Math.max(0, ...perConversation.values());
  const floorMs = Math.max(0, ...TEAMS_LIMIT.windows.map((w) => Math.floor(Math.max(0, busiest - 1) / w.max) * w.ms));
  return { floorMs, busiest, conversations: perConversation.size };
}

/** Simulated time for a late catch-up of `pupils` to drain, what died, and the wall time. */
async function catchUp(open: () => Promise<import('../src/db/client.js').Database>, pupils: number, limited: boolean) {
  let schoolId = '';
  const h = await startTeamsHarness({
    workflows: [unexplainedWorkflow], now: new Date(`${TODAY}T14:00:00Z`), db: await open(),
    ...(limited ? { rateLimit: TEAMS_LIMIT } : {}),
    seed: async (db) => void (schoolId = await seedBigSchool(db, pupils)),
  });
  try {
    const wall = performance.now();
    const start = h.clock.now().getTime();
    await catchUpToday(await h.rollcall.services.school(schoolId), h.rollcall.services);
    await h.rollcall.timers.tick();
    await h.drain();
    const pending = () => h.db.prisma.outboxMessage.count({ where: { status: 'pending' } });
    await stepUntil(h, start + 15 * 60 * SECOND, SECOND, async () => (await pending()) === 0);
    const last = await h.db.prisma.outboxMessage.aggregate({ _max: { sentAt: true }, _count: true });
    const dead = await h.db.prisma.outboxMessage.count({ where: { status: 'dead' } });
    return { drainMs: (last._max.sentAt?.getTime() ?? start) - start, sent: last._count, dead, left: await pending(), limited: h.fake.rateLimited, wallMs: performance.now() - wall, floor: limitFloorMs(h.fake.calls) };
  } finally {
    await h.close();
  }
}

export async function benchDelivery(): Promise<void> {
  const [pglite] = backends().filter((b) => b.name === 'pglite');
  if (!pglite) return;
  console.log('\nParent alert after Slack failed 500 for three minutes around the deadline (simulated clock, 1 s steps)');
  const healthy = await parentAlert(pglite.open, false);
  const outage = await parentAlert(pglite.open, true);
  record({
    bench: 'parent alert after 3 min of 500s', backend: pglite.name,
    figure: `${fmtMs(outage.afterMs)} after recovery (${outage.attempts} tries; run ${fmtMs(outage.wallMs)})`,
    baseline: `${fmtMs(healthy.afterMs)} after due, Slack healthy (run ${fmtMs(healthy.wallMs)})`,
    ratio: `+${fmtMs(outage.afterMs - healthy.afterMs)}`, target: 'within 2 s of recovery',
  });

  console.log('\nLate 92-pupil catch-up on Teams (simulated clock, 1 s steps)');
  const free = await catchUp(pglite.open, 92, false);
  const limited = await catchUp(pglite.open, 92, true);
  record({
    bench: '92-pupil catch-up, Teams limits 7/s 60/30s', backend: pglite.name,
    figure: `${limited.sent} messages in ${fmtMs(limited.drainMs)}, ${limited.dead} dead, ${limited.left} left, ${limited.limited} 429s (run ${fmtMs(limited.wallMs)})`,
    // The healthy run's operations (none refused) against the limit: what the limited run cannot beat.
    baseline: `limit floor ${fmtMs(free.floor.floorMs)}: ${free.floor.busiest} operations in the busiest of ${free.floor.conversations} conversations at 60 per 30 s (${free.sent} messages, ${fmtMs(free.drainMs)} with no limits)`,
    ratio: `+${fmtMs(limited.drainMs - free.floor.floorMs)} over the floor`, target: 'under 2 min, none dead',
  });
}
