// A small St Luke's (seed 000, which has the missing-child procedure) for the missing-pupil end-to-end
// tests: staff in every role the procedure names plus twenty helpers for the concurrency test, pupils
// with and without flags and emergency contacts, and helpers to read the card, its thread and answers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { addOrUpdateSchool } from '../../../src/register/schools.js';
import { missingPupilWorkflow } from '../../../src/workflows/missing/index.js';
import type { FakeMessage } from '../../support/fake-slack.js';
import type { ManualClock } from '../../../src/jobs/clock.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';
import type { TeamsUser } from '../../support/teams-activity.js';
import { startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';

/** Monday 23 November 2026, 10:30 in London (GMT, so UTC = local). */
export const START = new Date('2026-11-23T10:30:00Z');
export const MINUTE = 60_000;

export const USERS = { head: 'UHEAD', office: 'UOFFICE', teacher: 'UTEACH', dsl: 'UDSL', senco: 'USENCO', outsider: 'UNOBODY' } as const;
export const HELPERS = Array.from({ length: 20 }, (_, i) => `UHELP${String(i + 1).padStart(2, '0')}`);

export interface SeedOptions {
  /** Replaces lines of the policy (e.g. privacy) before the school is added. */
  policyEdit?: (yaml: string) => string;
}

export async function seedSchool(db: Database, options: SeedOptions = {}): Promise<string> {
  const raw = readFileSync('policies/st-lukes-cofe.yaml', 'utf8');
  const saved = await addOrUpdateSchool(db.prisma, { slug: 'st-lukes', policyYaml: options.policyEdit ? options.policyEdit(raw) : raw }, { name: 'test', role: 'system' });
  const schoolId = saved.school.id;
  await db.prisma.staffMember.createMany({
    data: [
      { schoolId, staffId: 'S1', name: 'Mr Okafor', roles: ['headteacher'], slackUserId: USERS.head },
      { schoolId, staffId: 'S2', name: 'Mrs Fell', roles: ['office'], slackUserId: USERS.office },
      { schoolId, staffId: 'S3', name: 'Ms Hart', roles: ['class-teacher'], slackUserId: USERS.teacher },
      { schoolId, staffId: 'S4', name: 'Mr Lee', roles: ['dsl'], slackUserId: USERS.dsl },
      { schoolId, staffId: 'S5', name: 'Ms Patel', roles: ['senco'], slackUserId: USERS.senco },
      ...HELPERS.map((u, i) => ({ schoolId, staffId: `H${i + 1}`, name: `Helper ${i + 1}`, roles: ['pastoral-assistant'], slackUserId: u })),
    ],
  });
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const pupil = async (upn: string, firstName: string, lastName: string, extra: Record<string, unknown> = {}) =>
    (await db.prisma.pupil.create({ data: { schoolId, upn, firstName, lastName, yearGroup: '3', className: '3A', admissionDate: day('2024-09-02'), ...extra } })).id;
  const amy = await pupil('A100000000001', 'Amy', 'Brown');
  await pupil('A100000000002', 'Amy', 'Browning');
  const ben = await pupil('A100000000003', 'Ben', 'Carter', { yearGroup: '4', className: '4B', socialWorker: true, senStatus: 'K' });
  await pupil('A100000000004', 'Cara', 'Dunn', { yearGroup: '5', className: '5C' });
  await pupil('A100000000005', 'Dev', 'Evans', { yearGroup: '6', className: '6D' });
  await pupil('A100000000006', 'Maja', 'Begum', { yearGroup: '5', className: '5C' });
  await pupil('A100000000007', 'Maja', 'Begum', { yearGroup: '6', className: '6D' });
  await db.prisma.emergencyContact.createMany({
    data: [
      { schoolId, pupilId: amy, priority: 2, name: 'Tom Brown', relationship: 'Dad', phone: '07700 900002' },
      { schoolId, pupilId: amy, priority: 1, name: 'Jane Brown', relationship: 'Mum', phone: '07700 900001' },
      { schoolId, pupilId: amy, priority: 3, name: 'Rita Brown', relationship: 'Gran', phone: '07700 900003' },
      { schoolId, pupilId: ben, priority: 1, name: 'Sue Carter', relationship: 'Mum', phone: '07700 900011' },
    ],
  });
  return schoolId;
}

export function startMissingHarness(options: SeedOptions & { requestTimeoutMs?: number } = {}): Promise<SlackHarness> {
  const { requestTimeoutMs, ...seed } = options;
  return startSlackHarness({
    workflows: [missingPupilWorkflow], now: START, seed: async (db) => void (await seedSchool(db, seed)),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  });
}

/**
 * One missing-pupil Slack harness for a whole test file (started before its tests, closed after), with
 * what Rollcall writes on the operator's screen (console.error) kept in `lines`.
 */
export function missingHarnessWithOperatorLines(): { harness(): SlackHarness; lines: string[] } {
  const lines: string[] = [];
  let h: SlackHarness | undefined;
  beforeAll(async () => {
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    h = await startMissingHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    vi.restoreAllMocks();
  });
  return { harness: () => h!, lines };
}

/** The same school on Teams: the staff below carry these Teams users (AAD object ids). */
export const teamsUser = (key: string, name: string): TeamsUser => ({ id: `29:${key}-teams`, aadObjectId: `aad-${key}`, name });

export function startMissingTeamsHarness(staff: Record<string, TeamsUser>): Promise<TeamsHarness> {
  return startTeamsHarness({
    workflows: [missingPupilWorkflow],
    now: START,
    seed: async (db) => {
      const schoolId = await seedSchool(db);
      for (const [staffId, u] of Object.entries(staff)) await db.prisma.staffMember.updateMany({ where: { schoolId, staffId }, data: { teamsUserId: u.aadObjectId ?? null } });
    },
  });
}

/** Moves the injected clock to `until` in steps, firing timers and delivering at each, as a running process would. */
export async function runUntil(h: { clock: ManualClock; rollcall: { timers: { tick(): Promise<unknown> } }; drain(): Promise<unknown> }, until: number, stepMs = 2000): Promise<void> {
  while (h.clock.now().getTime() < until) {
    h.clock.set(new Date(Math.min(until, h.clock.now().getTime() + stepMs)).toISOString());
    await h.rollcall.timers.tick();
    await h.drain();
  }
}

let seq = 0;

/** Runs a slash command and returns the private answer's text (blocks and fallback as JSON). */
export async function command(h: SlackHarness, user: string, cmd: string, text: string): Promise<string> {
  const responseKey = `cmd-${++seq}`;
  await h.command(user, cmd, text, { responseKey });
  const answer = await h.fake.waitFor('response_url', (c) => c.body['__key'] === responseKey);
  return JSON.stringify(answer.body);
}

/** Presses a button and returns the private answer (for buttons that answer rather than open a form). */
export async function press(h: SlackHarness, user: string, actionId: string, value: string): Promise<string> {
  const responseKey = `press-${++seq}`;
  await h.press(user, actionId, value, { responseKey });
  const answer = await h.fake.waitFor('response_url', (c) => c.body['__key'] === responseKey);
  return JSON.stringify(answer.body);
}

/** Presses a button that opens a form; returns the view Slack was asked to open. */
export async function pressForForm(h: SlackHarness, user: string, actionId: string, value: string): Promise<string> {
  const triggerId = `form-${++seq}`;
  await h.press(user, actionId, value, { triggerId });
  const opened = await h.fake.waitFor('views.open', (c) => c.body['trigger_id'] === triggerId);
  return JSON.stringify(opened.body['view']);
}

/** The top-level messages in #incidents (the cards), oldest first. */
export function cards(h: SlackHarness): FakeMessage[] {
  return h.fake.messages('#incidents').filter((m) => !m.threadTs);
}

export function thread(h: SlackHarness, card: FakeMessage): FakeMessage[] {
  return h.fake.messages('#incidents').filter((m) => m.threadTs === card.ts);
}

export function textOf(m: FakeMessage | undefined): string {
  return m ? JSON.stringify(m.blocks) : '';
}

/** DMs one Slack user received (the fake opens D<user> channels). */
export function dms(h: SlackHarness, user: string): string[] {
  return h.fake.messages(`D${user}`).map((m) => JSON.stringify(m.blocks));
}

export async function incidentFor(h: SlackHarness, lastName: string) {
  return h.db.prisma.missingPupilIncident.findFirstOrThrow({ where: { pupil: { lastName } }, orderBy: { reportedAt: 'desc' }, include: { areas: { orderBy: { position: 'asc' } } } });
}

/** The values of every button with this action id in a message. */
export function buttonValues(m: FakeMessage | undefined, actionId: string): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'button' && typeof o['action_id'] === 'string' && o['action_id'].replace(/~\d+$/, '') === actionId && typeof o['value'] === 'string') found.push(o['value']);
      Object.values(o).forEach(walk);
    }
  };
  walk(m?.blocks);
  return found;
}

/** The commands the pick-list buttons of an answer would run, in order. */
export function rerunValues(answer: string): string[] {
  const blocks = (JSON.parse(answer) as { blocks?: unknown }).blocks;
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'button' && typeof o['action_id'] === 'string' && o['action_id'].startsWith('rollcall.rerun') && typeof o['value'] === 'string') found.push(o['value']);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}
