// The composition root end to end: a workflow's command through the real Bolt receiver, its post going
// through the outbox (with a 429 on the way), its timer firing on the injected clock, and the staff
// directory answering from the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { requireRole } from '../../src/chat/context.js';
import { message, text } from '../../src/chat/model.js';
import type { Workflow } from '../../src/core/workflow.js';
import { addOrUpdateSchool } from '../../src/register/schools.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

const pings: string[] = [];
const echo: Workflow = {
  name: 'echo',
  register(router, services) {
    router.command('/echo', z.array(z.string()).min(1), async (ctx, args) => {
      const staff = requireRole(ctx, 'office');
      const school = await services.school(ctx.schoolId);
      await services.db.prisma.$transaction(async (tx) => {
        await services.notify.post(tx, { school, channel: 'attendance', key: `echo:${ctx.delivery.key}`, messageKey: 'echo', message: message('echo', text(`${staff.name}: ${args.join(' ')}`)) });
        await services.timers.schedule(tx, { schoolId: school.id, key: `echo:${ctx.delivery.key}`, kind: 'echo.later', dueAt: new Date(services.clock.now().getTime() + 60_000), payload: { words: args } });
      });
      return message('ok', text('Posted.'));
    }, { usage: '/echo <words>' });
  },
  timers(timers) {
    timers.on('echo.later', async (timer) => {
      pings.push((timer.payload as { words: string[] }).words.join(' '));
    });
  },
};

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({
    workflows: [echo],
    now: new Date('2026-11-23T09:30:00Z'),
    seed: async (db) => {
      const saved = await addOrUpdateSchool(db.prisma, { slug: 'echo-school', policyYaml: readFileSync('policies/lutley.yaml', 'utf8') }, { name: 'test', role: 'system' });
      await db.prisma.staffMember.createMany({ data: [
        { schoolId: saved.school.id, staffId: 'S1', name: 'Clare Fell', roles: ['office'], slackUserId: 'UOFFICE' },
        { schoolId: saved.school.id, staffId: 'S2', name: 'Lucy Hart', roles: ['class-teacher'], slackUserId: 'UTEACH' },
      ] });
    },
  });
}, 120_000);
afterAll(async () => h?.close());

describe('composition root', () => {
  it('runs a command, posts through the outbox (retrying a 429) and fires its timer on time', async () => {
    // The command's words arrive as a parsed list; the router validates them.
    const res = await h.command('UOFFICE', '/echo', 'hello there');
    expect(res.status).toBe(200);
    await h.fake.waitFor('response_url');
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.drain();
    expect(h.fake.messages('#attendance')).toHaveLength(0); // rate limited: still queued
    h.clock.advance(1500);
    await h.drain();
    const posted = h.fake.messages('#attendance');
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0])).toContain('Clare Fell: hello there');
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { op: 'post' } });
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(1); // waiting out a rate limit uses up no attempt
    expect(pings).toEqual([]);
    h.clock.advance(60_000);
    await h.rollcall.timers.tick();
    expect(pings).toEqual(['hello there']);
  });

  it('refuses a member of staff without the role, and writes nothing', async () => {
    const before = await h.db.prisma.outboxMessage.count();
    await h.command('UTEACH', '/echo', 'nope', { responseKey: 'teach' });
    const answer = await h.fake.waitFor('response_url', (c) => c.body['__key'] === 'teach');
    expect(JSON.stringify(answer.body)).toMatch(/office/);
    expect(await h.db.prisma.outboxMessage.count()).toBe(before);
  });

  it('lists the registered commands for /rollcall help, even to someone not on the staff list', async () => {
    await h.command('UNKNOWN', '/rollcall', 'help', { responseKey: 'help' });
    const answer = await h.fake.waitFor('response_url', (c) => c.body['__key'] === 'help');
    expect(JSON.stringify(answer.body)).toMatch(/\/echo &lt;words&gt;|\/echo <words>/);
    expect(JSON.stringify(answer.body)).not.toMatch(/not set up as staff/);
  });
});
