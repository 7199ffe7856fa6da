// The chat and schedule wiring on the six-pupil fixture school: `/tiers` for a class, a year group and
// a pupil through the real ChatRouter, the 'tiers.action-done' button with its role check, `/digest` for
// senior staff only, and the weekly jobs enqueuing their posts (and the chart upload) once per week
// through the Notifier, on each platform's channel names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { InMemoryStaffDirectory } from '../../../src/chat/in-memory.js';
import type { ChatMessage } from '../../../src/chat/model.js';
import { ChatRouter, type Interaction, type InteractionEnvelope } from '../../../src/chat/router.js';
import { loadSchool } from '../../../src/register/schools.js';
import { createNotifier } from '../../../src/core/notifier.js';
import type { AppServices } from '../../../src/core/workflow.js';
import { createDurableTimers, systemClock, weeklyCron } from '../../../src/jobs/index.js';
import { digestWorkflow } from '../../../src/workflows/digest/index.js';
import { weeklyDigestJob } from '../../../src/workflows/digest/jobs.js';
import { tiersWorkflow } from '../../../src/workflows/tiers/index.js';
import { tiersWeekFor } from '../../../src/workflows/tiers/jobs.js';
import { tiersQueryText } from '../../../src/workflows/tiers/query-render.js';
import { tiersQuery } from '../../../src/workflows/tiers/query.js';
import { loadSmallSchool, type LoadedSchool } from '../../fixtures/small-school/load.js';
import { createTestDatabase } from '../../support/db.js';

let db: Database;
let school: LoadedSchool;
let router: ChatRouter;
let services: AppServices;
const MONDAY = new Date('2026-11-23T08:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  school = await loadSmallSchool(db.prisma);
  router = new ChatRouter({ clock: () => new Date('2026-11-23T09:30:00Z'), logger: { warn: () => undefined, error: () => undefined } });
  services = {
    db, clock: systemClock, timers: createDurableTimers({ prisma: db.prisma }), notify: createNotifier(['slack']),
    school: (id) => loadSchool(db.prisma, { id }),
  };
  tiersWorkflow.register(router, services);
  digestWorkflow.register(router, services);
  await runTiersJob();
});

async function runTiersJob(on: AppServices = services): Promise<unknown> {
  const [job] = tiersWorkflow.jobs?.(await on.school(school.id), on) ?? [];
  if (!job) throw new Error('no tiers job');
  return job.run(MONDAY, { schoolId: school.id, timezone: 'Europe/London', name: job.name });
}

afterAll(async () => {
  await db.close();
});


function staff(): InMemoryStaffDirectory {
  return new InMemoryStaffDirectory([
    { id: 's-officer', name: 'Olu Officer', roles: ['attendance-officer'], schoolId: school.id, accounts: { slack: 'U_OFFICER' } },
    { id: 's-teacher', name: 'Tia Teacher', roles: ['class-teacher'], schoolId: school.id, accounts: { slack: 'U_TEACHER' } },
    { id: 's-sac', name: 'Sam Champion', roles: ['senior-attendance-champion'], schoolId: school.id, accounts: { slack: 'U_SAC' } },
  ]);
}

async function dispatch(userId: string, interaction: Interaction): Promise<ChatMessage[]> {
  const replies: ChatMessage[] = [];
  const env: InteractionEnvelope = {
    platform: 'slack', userId, resolveSchool: async () => school.id, staffDirectory: staff(), delivery: { key: `${userId}-${Math.random()}` },
    source: { channel: 'C_ATT' },
    surface: { reply: async (m) => { replies.push(m); }, respond: async (m) => { replies.push(m); }, openModal: async () => undefined },
  };
  await router.dispatch(interaction, env);
  return replies;
}

const command = (text: string): Interaction => ({ kind: 'command', name: '/tiers', text });
const allText = (m: ChatMessage | undefined) => (m?.blocks ?? []).map((b) => ('text' in b ? b.text : b.kind === 'list' ? b.rows.map((r) => r.text).join('\n') : '')).join('\n');

describe('/tiers', () => {
  it.each([
    ['3A', 'Tiers: class 3A', ['Ben Baker (3A)']],
    ['Year 4', 'Tiers: Year 4', ['Finn Fox (4A)', 'Dan Davis (4A)']],
    ['', 'Tiers: the whole school', ['Cara Clark (3B)', 'Finn Fox (4A)', 'Ben Baker (3A)', 'Dan Davis (4A)']],
  ])('"/tiers %s" lists the pupils in a tier, most concern first', async (arg, title, names) => {
    const [reply] = await dispatch('U_TEACHER', command(arg));
    expect(reply?.blocks[0]).toEqual({ kind: 'header', text: title });
    const rows = (reply?.blocks ?? []).flatMap((b) => (b.kind === 'list' ? b.rows : []));
    expect(rows.map((r) => /\*\*(.+?)\*\*/.exec(r.text)?.[1])).toEqual(names);
  });

  it('one pupil: rule, open actions and the weeks recorded', async () => {
    const [reply] = await dispatch('U_TEACHER', command('Cara'));
    const body = allText(reply);
    expect(body).toContain('**Cara Clark (3B)**: Attendance 50% (below 90%): Letter 2: monitoring');
    expect(body).toContain('- Monitoring letter: attendance officer, due Fri 27 Nov');
    expect(body).toContain('23 Nov 2026: Letter 2: monitoring');
  });

  it('an unknown name gets a clear answer', async () => {
    const [reply] = await dispatch('U_TEACHER', command('Zebedee'));
    expect(reply?.summary).toBe('No pupil found: No class, year group or pupil on roll matches "Zebedee".');
  });

  it('the terminal text shows the same rows', async () => {
    const text = tiersQueryText(await tiersQuery(db, { schoolId: school.id, policy: school.policy, date: '2026-11-20', filter: '3B' }));
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Tiers for class 3B on 2026-11-20: 1 pupil in scope',
      'Letter 2: monitoring: 1 | Letter 1: concern: 0 | No tier: 0',
      `${'Letter 2: monitoring'.padEnd(34)}  ${'Cara Clark (3B)'.padEnd(30)}   50.0%  Attendance 50% (below 90%): Letter 2: monitoring`,
    ]);
  });
});

describe('the tiers.action-done button', () => {
  it('refuses a class teacher and records it for the attendance officer', async () => {
    const task = await db.prisma.task.findFirstOrThrow({ where: { schoolId: school.id, title: 'Concern letter', pupilId: school.pupils.get('A100000000002') ?? '' } });
    const press: Interaction = { kind: 'action', actionId: 'tiers.action-done', value: task.id };
    const [refused] = await dispatch('U_TEACHER', press);
    expect(refused?.summary).toContain('Not allowed');
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open');
    const [done] = await dispatch('U_OFFICER', press);
    expect(done?.summary).toBe('Recorded: Concern letter');
    expect(allText(done)).toContain('**Recorded as done:** Concern letter for Ben Baker (3A).');
    const [again] = await dispatch('U_OFFICER', press);
    expect(again?.summary).toBe('Already recorded: Concern letter');
    expect(await db.prisma.auditEvent.count({ where: { entityId: task.id, action: 'tier-action.done' } })).toBe(1);
  });
});

describe('/digest', () => {
  it('is for senior staff; it answers with last week\'s digest', async () => {
    const [refused] = await dispatch('U_TEACHER', { kind: 'command', name: '/digest', text: '' });
    expect(refused?.summary).toContain('Not allowed');
    const [reply] = await dispatch('U_SAC', { kind: 'command', name: '/digest', text: 'week' });
    expect(reply?.summary).toContain('week of 16 Nov 2026: 80.0% this week');
  });
});

describe('weekly jobs', () => {
  it('tiers: the Monday run (through the app\'s notifier) posts once to the attendance channel', async () => {
    expect(await runTiersJob()).toMatchObject({ status: 'already-computed' });
    const rows = await db.prisma.outboxMessage.findMany({ where: { schoolId: school.id, key: { startsWith: 'slack:tiers:' } } });
    expect(rows.map((r) => [r.key, r.op, r.channel, r.messageKey])).toEqual([[`slack:tiers:${school.id}:2026-11-23`, 'post', '#attendance', `tiers:${school.id}:2026-11-23`]]);
    expect(rows[0]?.payload).toMatchObject({ message: { summary: expect.stringContaining('Tier movements, week of 23 Nov 2026') } });
  });

  it('digest: the Friday run enqueues the post and its chart, once', async () => {
    const friday = new Date('2026-11-20T15:30:00Z');
    await weeklyDigestJob(services, await services.school(school.id), friday);
    await weeklyDigestJob(services, await services.school(school.id), friday);
    const rows = await db.prisma.outboxMessage.findMany({ where: { schoolId: school.id, key: { startsWith: 'slack:digest:' } }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.key, r.op, r.channel])).toEqual([
      [`slack:digest:${school.id}:2026-11-16`, 'post', '#slt'], [`slack:digest:${school.id}:2026-11-16:chart`, 'upload', '#slt'],
    ]);
    const upload = rows[1]?.payload;
    const file = typeof upload === 'object' && upload !== null && !Array.isArray(upload) ? upload.file : undefined;
    const b64 = typeof file === 'object' && file !== null && !Array.isArray(file) && typeof file.base64 === 'string' ? file.base64 : '';
    expect(Buffer.from(b64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('local mode: the same posts go to the channels named without Slack\'s "#", as its terminal and page show them', async () => {
    const local: AppServices = { ...services, notify: createNotifier(['local']) };
    await runTiersJob(local);
    await weeklyDigestJob(local, await local.school(school.id), new Date('2026-11-20T15:30:00Z'));
    const rows = await db.prisma.outboxMessage.findMany({ where: { schoolId: school.id, platform: 'local' }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.key, r.op, r.channel])).toEqual([
      [`local:tiers:${school.id}:2026-11-23`, 'post', 'attendance'],
      [`local:digest:${school.id}:2026-11-16`, 'post', 'slt'], [`local:digest:${school.id}:2026-11-16:chart`, 'upload', 'slt'],
    ]);
  });

  it('schedule: cron from the policy, and which Monday a run belongs to', () => {
    expect([weeklyCron(school.policy.schedule.weeklyTiers), weeklyCron(school.policy.schedule.digest)]).toEqual(['0 8 * * 1', '30 15 * * 5']);
    expect(['2026-11-23T08:00:00Z', '2026-11-26T20:00:00Z', '2026-11-27T16:00:00Z', '2026-11-29T23:30:00Z'].map((t) => tiersWeekFor(new Date(t), 'Europe/London')))
      .toEqual(['2026-11-23', '2026-11-23', '2026-11-30', '2026-11-30']);
  });
});
