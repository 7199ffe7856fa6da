// The command hints people read agree with what the commands accept. Each Teams hint's example is typed
// into Rollcall's 1:1 chat on Teams, in the manifest's order, and must be understood (no "needs another
// look", no unknown pupil, no unknown command); each Slack usage hint is the registered command's own usage.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WORKFLOWS } from '../../../src/app/workflows.js';
import type { JobContext } from '../../../src/jobs/index.js';
import { JOBS, unexplainedWorkflow } from '../../../src/workflows/unexplained/index.js';
import { parseOutcome } from '../../../src/workflows/unexplained/outcomes.js';
import type { TeamsUser } from '../../support/teams-activity.js';
import { startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { seedSmallSchool } from '../unexplained/support.js';

const teamsManifest = z.object({ bots: z.array(z.object({ commandLists: z.array(z.object({ commands: z.array(z.object({ title: z.string(), description: z.string() })) })) })) });
const slackManifest = z.object({ features: z.object({ slash_commands: z.array(z.object({ command: z.string(), usage_hint: z.string() })) }) });
const TEAMS = teamsManifest.parse(JSON.parse(readFileSync('manifests/teams/manifest.json', 'utf8'))).bots[0]!.commandLists[0]!.commands;

const head: TeamsUser = { id: '29:head-teams', aadObjectId: 'aad-head', name: 'Helen Carter' };

let h: TeamsHarness;
let schoolId = '';
beforeAll(async () => {
  h = await startTeamsHarness({
    workflows: WORKFLOWS,
    now: new Date('2026-11-23T09:15:00Z'),
    seed: async (db) => {
      schoolId = await seedSmallSchool(db);
      // One person who may run every command, so the test is about the words, not the roles.
      await db.prisma.staffMember.updateMany({ where: { schoolId, staffId: 'S001' }, data: { teamsUserId: head.aadObjectId ?? null, roles: ['headteacher', 'dsl', 'office', 'attendance-officer'] } });
    },
  });
  const school = await h.rollcall.services.school(schoolId);
  const close = unexplainedWorkflow.jobs!(school, h.rollcall.services).find((j) => j.name === JOBS.amClose)!;
  const context: JobContext = { schoolId, timezone: 'Europe/London', name: JOBS.amClose };
  await close.run(new Date('2026-11-23T09:15:00Z'), context);
  await h.drain();
}, 120_000);
afterAll(async () => h?.close());

describe('Teams command hints', () => {
  it('give an example for every command', () => {
    expect(TEAMS.map((c) => [c.title, /e\.g\. \S/.test(c.description)])).toEqual(TEAMS.map((c) => [c.title, true]));
  });

  it.each(TEAMS.map((c) => [c.title, /e\.g\. (.+)$/.exec(c.description)?.[1] ?? '']))('%s: "%s" is understood', async (title, example) => {
    expect(example.split(' ')[0]).toBe(title);
    const seen = (await h.privateTo(head)).length;
    expect((await h.personal(head, example)).status).toBe(200);
    const answer = (await h.privateTo(head)).slice(seen).join('\n');
    expect(answer).not.toBe('');
    for (const refusal of ['needs another look', 'No pupil found', 'has no command', 'Not allowed', 'Something went wrong', 'More than one pupil']) {
      expect(answer, example).not.toContain(refusal);
    }
  });
});

describe('Slack usage hints', () => {
  it('are the commands\' own usage lines', async () => {
    const usages = new Map(h.rollcall.router.commands().map((c) => [c.name, (c.usage ?? '').split('   e.g.')[0]!.trim()]));
    for (const file of ['manifests/slack/manifest.yaml', 'manifests/slack/manifest.socket.yaml']) {
      const commands = slackManifest.parse(parse(readFileSync(file, 'utf8'))).features.slash_commands;
      expect(commands.map((c) => `${c.command} ${c.usage_hint}`)).toEqual(commands.map((c) => usages.get(c.command)));
    }
  });

  it('list only outcomes /call accepts', () => {
    const hint = slackManifest.parse(parse(readFileSync('manifests/slack/manifest.yaml', 'utf8'))).features.slash_commands.find((c) => c.command === '/call')!.usage_hint;
    const words = /<pupil> <([^>]+)>/.exec(hint)?.[1]?.split('|') ?? [];
    expect(words.length).toBeGreaterThan(5);
    for (const word of words) expect(parseOutcome(word), word).toBeDefined();
  });
});
