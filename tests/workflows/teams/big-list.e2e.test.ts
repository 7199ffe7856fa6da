// A 92-pupil morning list on Teams, end to end through /api/messages and the fake Bot Connector: the list is
// four cards, and a claim from a card rewrites only the cards whose content
// changed (each PUT counts against the channel's rate limit; all four used to be rewritten every time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../../src/jobs/index.js';
import { JOBS, listMessageKey, unexplainedWorkflow } from '../../../src/workflows/unexplained/index.js';
import { cardText, CHANNELS, executeActions, startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { seedBigSchool, STAFF, TODAY } from './big-school.js';

let h: TeamsHarness;
let schoolId = '';

beforeAll(async () => {
  h = await startTeamsHarness({ workflows: [unexplainedWorkflow], now: new Date(`${TODAY}T09:15:00Z`), seed: async (db) => void (schoolId = await seedBigSchool(db, 92)) });
}, 120_000);
afterAll(async () => h?.close());

const listCards = async () => {
  const ref = await h.db.prisma.chatMessageRef.findFirstOrThrow({ where: { key: listMessageKey(schoolId, TODAY, 'AM'), platform: 'teams' } });
  return ref.externalId.split(',').map((id) => h.fake.message(CHANNELS.attendance, id)!);
};
const shown = async () => (await listCards()).map((m) => JSON.stringify(m.activity));

/** Runs `change`, delivers, and returns the cards whose content changed and the cards PUT. */
async function change(run: () => Promise<unknown>): Promise<{ changed: string[]; put: string[] }> {
  const before = await shown();
  const puts = h.fake.callsTo('update').length;
  await run();
  await h.drain();
  const after = await shown();
  const ids = (await listCards()).map((m) => m.id);
  return { changed: ids.filter((_, i) => before[i] !== after[i]), put: h.fake.callsTo('update').slice(puts).map((c) => c.activityId ?? '') };
}

describe('a 92-pupil list on Teams', () => {
  it('is posted as four cards', async () => {
    const school = await h.rollcall.services.school(schoolId);
    const job = unexplainedWorkflow.jobs!(school, h.rollcall.services).find((j) => j.name === JOBS.amClose)!;
    const context: JobContext = { schoolId, timezone: school.timezone, name: JOBS.amClose };
    expect(await job.run(new Date(`${TODAY}T09:15:00Z`), context)).toMatchObject({ listed: 92 });
    await h.drain();
    expect(await listCards()).toHaveLength(4);
    expect(h.fake.callsTo('update')).toEqual([]);
  });

  it('a claim on the third, then the first, then the last card rewrites just the cards whose content changed', async () => {
    for (const [n, who] of [[2, STAFF.office], [0, STAFF.office2], [3, STAFF.office]] as const) {
      const card = (await listCards())[n]!;
      const claim = executeActions(card.activity).find((a) => a.verb === 'unexplained.claim')!;
      const { changed, put } = await change(() => h.execute(who!, claim.verb, claim.data, { card }));
      expect(put).toEqual(changed);
      expect(put).toContain(card.id);
      // The claimed row's card, and the first card where the count of claims shows: never all four.
      expect(put.length).toBeLessThanOrEqual(2);
      expect(cardText(h.fake.message(CHANNELS.attendance, card.id))).toContain(`Claimed by ${who!.name}`);
    }
  });
});
