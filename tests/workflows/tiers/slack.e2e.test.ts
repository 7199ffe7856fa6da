// The weekly tiers post end to end through Slack: the app's workflows behind the real Bolt receiver,
// the Monday job posting through the outbox to the fake Slack Web API, the action-done button pressed
// with a signed block_actions request (and refused for a role that may not record it), `/tiers` answered
// privately, and a re-run of the same week posting nothing new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../../../src/app/workflows.js';
import { tiersWorkflow } from '../../../src/workflows/tiers/index.js';
import { loadSmallSchool, type LoadedSchool } from '../../fixtures/small-school/load.js';
import type { FakeMessage, Json } from '../../support/fake-slack.js';
import { runSchoolJob } from '../../support/school-job.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const MONDAY_8AM = new Date('2026-11-23T08:00:00Z');

let h: SlackHarness;
let school: LoadedSchool;

beforeAll(async () => {
  h = await startSlackHarness({
    workflows: WORKFLOWS,
    now: new Date('2026-11-23T09:30:00Z'),
    seed: async (db) => {
      school = await loadSmallSchool(db.prisma);
      await db.prisma.staffMember.createMany({ data: [
        { schoolId: school.id, staffId: 'S1', name: 'Olu Officer', roles: ['attendance-officer'], slackUserId: 'UOFFICER' },
        { schoolId: school.id, staffId: 'S2', name: 'Tia Teacher', roles: ['class-teacher'], slackUserId: 'UTEACH' },
      ] });
    },
  });
}, 120_000);
afterAll(async () => h?.close());

const runWeeklyTiers = () => runSchoolJob(tiersWorkflow, h.rollcall.services, school.id, 'weekly-tiers', MONDAY_8AM);

/** Every text a Slack message shows (section text, fields, context elements, button labels), in order. */
function shown(value: Json | undefined): string[] {
  if (typeof value === 'string' || value === null || value === undefined || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(shown);
  return Object.entries(value).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : shown(v)));
}

const shownText = (m: FakeMessage | undefined) => shown(m?.blocks ?? []).join('\n');

/** The buttons on a message: [Slack action_id, label, value]. */
function buttons(m: FakeMessage | undefined): { actionId: string; label: string; value: string }[] {
  const out: { actionId: string; label: string; value: string }[] = [];
  const walk = (v: Json | undefined): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    if (v['type'] === 'button' && typeof v['action_id'] === 'string' && typeof v['value'] === 'string') {
      out.push({ actionId: v['action_id'], label: shown(v['text']).join(''), value: v['value'] });
      return;
    }
    Object.values(v).forEach(walk);
  };
  walk(m?.blocks ?? []);
  return out;
}

function attendancePost(): FakeMessage {
  const posted = h.fake.messages('#attendance');
  expect(posted).toHaveLength(1);
  const [post] = posted;
  if (!post) throw new Error('no post');
  return post;
}

async function taskFor(upn: string, title: string) {
  return h.db.prisma.task.findFirstOrThrow({ where: { schoolId: school.id, title, pupilId: school.pupils.get(upn) ?? '' } });
}

/** The Slack action_id of the button carrying this task (the second button in a row is 'tiers.action-done~2'). */
function buttonFor(taskId: string): string {
  const found = buttons(attendancePost()).find((b) => b.value === taskId);
  if (!found) throw new Error(`no button for task ${taskId}`);
  return found.actionId;
}

async function privateAnswer(responseKey: string) {
  const call = await h.fake.waitFor('response_url', (c) => c.body['__key'] === responseKey);
  return { type: call.body['response_type'], replaces: call.body['replace_original'], text: shown(call.body['blocks']).join('\n') };
}

const BEN = 'A100000000002';
const CARA = 'A100000000003';

describe('the weekly tiers post in Slack', () => {
  it('posts the movements, rules, actions with owner and due date, and triggers to the attendance channel', async () => {
    expect(await runWeeklyTiers()).toMatchObject({ status: 'computed', weekStart: '2026-11-23', asOf: '2026-11-20' });
    await h.drain();
    const post = attendancePost();
    const lines = shownText(post).split('\n');
    expect(lines[0]).toBe('Tier movements: week of 23 Nov 2026');
    expect(lines).toContain('*Entered a tier (4)*');
    // Each movement with the rule that put the pupil there and the actions the tier needs, owner and due date.
    const cara = lines.indexOf('*Cara Clark (3B)*: no tier → *Letter 2: monitoring*');
    expect(lines.slice(cara, cara + 4)).toEqual([
      '*Cara Clark (3B)*: no tier → *Letter 2: monitoring*',
      'Attendance 50% (below 90%): Letter 2: monitoring',
      '- Monitoring letter: attendance officer, due Fri 27 Nov',
      '- Meeting with parents: headteacher, due Fri 4 Dec',
    ]);
    const ben = lines.indexOf('*Ben Baker (3A)*: no tier → *Letter 1: concern*');
    expect(lines.slice(ben + 1, ben + 3)).toEqual(['Attendance 90% (below 95%, at or above 90%): Letter 1: concern', '- Concern letter: attendance officer, due Fri 27 Nov']);
    // The trigger needing a person's decision, with who decides and by when.
    const triggers = lines.indexOf('*Triggers needing a decision (1)*');
    expect(triggers).toBeGreaterThan(cara);
    expect(lines.slice(triggers + 1, triggers + 4)).toEqual([
      '_National threshold: consider a penalty notice_',
      '*Cara Clark (3B)*: National threshold met on 20 Nov 2026: 10 unauthorised sessions (G, N, O, U) within 10 school weeks',
      'Consider whether to issue a penalty notice or refer to the local authority, as soon as practicable: headteacher, due Fri 27 Nov',
    ]);
    // One button per open action and decision: 2 + 2 letters, 2 meetings, 1 decision.
    const labels = buttons(post).map((b) => b.label).sort();
    expect(labels).toEqual(['Decision recorded', 'Letter sent: Concern letter', 'Letter sent: Concern letter', 'Letter sent: Monitoring letter',
      'Letter sent: Monitoring letter', 'Meeting booked: Meeting with parents', 'Meeting booked: Meeting with parents']);
    expect(h.fake.callsTo('chat.postMessage').map((c) => c.body['channel'])).toEqual(['#attendance']);
  });

  it('records an action from its button, answers privately, and shows it done in the post for everyone', async () => {
    const task = await taskFor(BEN, 'Concern letter');
    const officer = await h.db.prisma.staffMember.findFirstOrThrow({ where: { slackUserId: 'UOFFICER' } });
    const post = attendancePost();
    const res = await h.press('UOFFICER', buttonFor(task.id), task.id, { channel: '#attendance', messageTs: post.ts, responseKey: 'done-ben' });
    expect(res.status).toBe(200);
    const answer = await privateAnswer('done-ben');
    expect(answer).toMatchObject({ type: 'ephemeral', replaces: false });
    expect(answer.text).toContain('*Recorded as done:* Concern letter for Ben Baker (3A).');

    const saved = await h.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect([saved.status, saved.doneBy]).toEqual(['done', officer.id]);
    const audits = await h.db.prisma.auditEvent.findMany({ where: { entityId: task.id, action: 'tier-action.done' } });
    expect(audits.map((a) => [a.actor, a.actorRole])).toEqual([[officer.id, 'attendance-officer']]);

    await h.drain();
    const updates = h.fake.callsTo('chat.update');
    expect(updates.map((c) => [c.body['channel'], c.body['ts']])).toEqual([['#attendance', post.ts]]);
    const after = attendancePost();
    expect(after.ts).toBe(post.ts);
    const lines = shownText(after).split('\n');
    const ben = lines.indexOf('*Ben Baker (3A)*: no tier → *Letter 1: concern*');
    expect(lines[ben + 2]).toBe('- Concern letter: attendance officer, due Fri 27 Nov ✓ done (Olu Officer)');
    expect(buttons(after).map((b) => b.value)).not.toContain(task.id);
    expect(buttons(after)).toHaveLength(6);
  });

  it('a second press (or a Slack retry) changes nothing and says so', async () => {
    const task = await taskFor(BEN, 'Concern letter');
    const outboxBefore = await h.db.prisma.outboxMessage.count();
    await h.press('UOFFICER', 'tiers.action-done', task.id, { channel: '#attendance', responseKey: 'again-ben' });
    expect((await privateAnswer('again-ben')).text).toMatch(/^\*Already recorded as done:\* Concern letter for Ben Baker \(3A\) on 23 Nov 2026 at \d\d:\d\d\. Nothing changed\.$/);
    expect(await h.db.prisma.auditEvent.count({ where: { entityId: task.id, action: 'tier-action.done' } })).toBe(1);
    expect(await h.db.prisma.outboxMessage.count()).toBe(outboxBefore);
  });

  it.each([
    ['a class teacher a monitoring letter', 'UTEACH', { kind: 'tier-action', title: 'Monitoring letter' }, /needs one of these roles: attendance-officer, headteacher.*Your roles: class-teacher\./],
    ['the attendance officer a penalty-notice decision', 'UOFFICER', { kind: 'tier-decision' }, /needs one of these roles: headteacher, executive-headteacher, deputy-headteacher, assistant-headteacher\. Your roles: attendance-officer\./],
  ])('refuses %s, and changes nothing', async (_who, user, which, why) => {
    const task = await h.db.prisma.task.findFirstOrThrow({ where: { schoolId: school.id, pupilId: school.pupils.get(CARA) ?? '', status: 'open', ...which } });
    const [audits, outbox] = [await h.db.prisma.auditEvent.count(), await h.db.prisma.outboxMessage.count()];
    const key = `refused-${user}`;
    await h.press(user, buttonFor(task.id), task.id, { channel: '#attendance', responseKey: key });
    const answer = await privateAnswer(key);
    expect(answer.type).toBe('ephemeral');
    expect(answer.text).toMatch(why);
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open');
    expect([await h.db.prisma.auditEvent.count(), await h.db.prisma.outboxMessage.count()]).toEqual([audits, outbox]);
  });

  it('two actions recorded at once both show as done in the post', async () => {
    const tasks = [await taskFor(CARA, 'Monitoring letter'), await taskFor('A100000000004', 'Concern letter')];
    await Promise.all(tasks.map((t, i) => h.press('UOFFICER', buttonFor(t.id), t.id, { channel: '#attendance', responseKey: `both-${i}` })));
    await Promise.all(tasks.map((_t, i) => privateAnswer(`both-${i}`)));
    await h.drain();
    const lines = shownText(attendancePost()).split('\n');
    const cara = lines.indexOf('*Cara Clark (3B)*: no tier → *Letter 2: monitoring*');
    const dan = lines.indexOf('*Dan Davis (4A)*: no tier → *Letter 1: concern*');
    expect([lines[cara + 2], lines[dan + 2]]).toEqual([
      '- Monitoring letter: attendance officer, due Fri 27 Nov ✓ done (Olu Officer)',
      '- Concern letter: attendance officer, due Fri 27 Nov ✓ done (Olu Officer)',
    ]);
    expect(buttons(attendancePost())).toHaveLength(4);
  });

  it('/tiers 3B answers privately with the class\'s pupils and their open actions', async () => {
    const res = await h.command('UTEACH', '/tiers', '3B', { responseKey: 'tiers-3b' });
    expect(res.status).toBe(200);
    const answer = await privateAnswer('tiers-3b');
    expect(answer.type).toBe('ephemeral');
    expect(answer.text).toContain('Tiers: class 3B');
    expect(answer.text).toContain('*Cara Clark (3B)*: Attendance 50% (below 90%): Letter 2: monitoring');
    expect(answer.text).not.toContain('Ben Baker');
    expect(h.fake.messages('#attendance')).toHaveLength(1);
  });

  it('re-running the same week\'s job posts nothing new', async () => {
    const posts = h.fake.callsTo('chat.postMessage').length;
    const updates = h.fake.callsTo('chat.update').length;
    const outbox = await h.db.prisma.outboxMessage.count();
    expect(await runWeeklyTiers()).toMatchObject({ status: 'already-computed', weekStart: '2026-11-23' });
    await h.drain();
    expect([h.fake.callsTo('chat.postMessage').length, h.fake.callsTo('chat.update').length]).toEqual([posts, updates]);
    expect(await h.db.prisma.outboxMessage.count()).toBe(outbox);
    expect(attendancePost().blocks.length).toBeGreaterThan(0);
  });
});
