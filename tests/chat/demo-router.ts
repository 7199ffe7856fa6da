// A tiny stand-in for the workflows, used by the Slack end-to-end and local-mode tests: it posts a
// list with Claim buttons, logs calls (validated), claims in place, opens and accepts a modal, guards
// a DSL-only command and builds a home view. It records every handler run so tests can count them.

import { z } from 'zod';
import { requireRole } from '../../src/chat/context.js';
import { RollcallError } from '../../src/errors/rollcall-error.js';
import { InMemoryDeliveryLog, InMemoryStaffDirectory } from '../../src/chat/in-memory.js';
import { button, context, header, list, mention, message, text, type ChatMessage } from '../../src/chat/model.js';
import type { ChatPort } from '../../src/chat/port.js';
import { ChatRouter, type ChatLogger } from '../../src/chat/router.js';

export const PUPILS = [
  { caseId: 'case-amy', name: 'Amy Smith', year: 3 },
  { caseId: 'case-ben', name: 'Ben Jones', year: 5 },
  { caseId: 'case-cat', name: 'Cat Patel', year: 6 },
];

export const demoStaff = () =>
  new InMemoryStaffDirectory([
    { id: 'st-office', name: 'Olu Office', roles: ['office'], schoolId: 'school-1', accounts: { slack: 'U0OFFICE', local: 'office' } },
    { id: 'st-dsl', name: 'Dee Lead', roles: ['dsl'], schoolId: 'school-1', accounts: { slack: 'U0DSL', local: 'dsl' } },
  ]);

export interface DemoRun {
  handler: string;
  detail: unknown;
}

export const silentLogger: ChatLogger = { warn: () => undefined, error: () => undefined };

export function absenceList(claims: ReadonlyMap<string, string>): ChatMessage {
  return message(
    `Unexplained absences: ${PUPILS.length}`,
    header('Unexplained absences, AM'),
    list(
      PUPILS.map((p) => {
        const by = claims.get(p.caseId);
        return by === undefined
          ? { text: `**${p.name}** (Year ${p.year})`, controls: [button('claim', 'Claim', p.caseId, { style: 'primary' })] }
          : { text: `**${p.name}** (Year ${p.year}) claimed by ${mention(by)}` };
      }),
    ),
  );
}

export function buildDemoRouter(getPort: () => ChatPort) {
  const runs: DemoRun[] = [];
  const claims = new Map<string, string>();
  const router = new ChatRouter({ logger: silentLogger, clock: () => new Date('2026-11-23T09:40:00Z') });

  router.command('/absences', z.array(z.string()).max(1), async (ctx) => {
    runs.push({ handler: 'absences', detail: ctx.delivery });
    const channel = ctx.source.channel ?? 'office';
    await getPort().post(channel, absenceList(claims));
    return message('Posted', text(`Posted ${PUPILS.length} pupils to the channel.`));
  });

  router.command(
    '/call',
    z.tuple([z.string().min(1), z.enum(['reached', 'voicemail', 'no_answer'])]),
    (ctx, [pupil, outcome]) => {
      runs.push({ handler: 'call', detail: { pupil, outcome } });
      if (!PUPILS.some((p) => p.name === pupil)) throw new RollcallError('UNKNOWN_PUPIL', `No pupil called ${pupil} is on roll.`);
      return message('Logged', text(`Logged ${outcome} for ${pupil}'s family at ${ctx.now().toISOString().slice(11, 16)}.`));
    },
    { usage: '/call "<pupil>" <reached|voicemail|no_answer>' },
  );

  router.command('/police', z.tuple([z.string()]), (ctx, [incident]) => {
    requireRole(ctx, 'dsl');
    runs.push({ handler: 'police', detail: incident });
    return message('Noted', text(`Police called for ${incident}.`));
  });

  router.command('/reason', z.tuple([z.string()]), async (ctx, [caseId]) => {
    runs.push({ handler: 'reason-open', detail: caseId });
    await ctx.openModal({
      callbackId: 'reason',
      title: 'Record the reason',
      submitLabel: 'Save',
      inputs: [
        { kind: 'select', id: 'code', label: 'Code', options: [{ label: 'I illness', value: 'I' }, { label: 'M medical', value: 'M' }] },
        { kind: 'multiline', id: 'note', label: 'What the parent said' },
      ],
      privateMetadata: caseId,
    });
  });

  router.view('reason', z.object({ code: z.enum(['I', 'M']), note: z.string().min(5, 'Write at least a few words') }), (_ctx, values, input) => {
    runs.push({ handler: 'reason-save', detail: { ...values, caseId: input.privateMetadata } });
    return message('Saved', text(`Saved ${values.code} for ${input.privateMetadata}.`));
  });

  router.action('claim', z.enum(['case-amy', 'case-ben', 'case-cat']), async (ctx, caseId) => {
    runs.push({ handler: 'claim', detail: caseId });
    if (claims.has(caseId)) throw new RollcallError('CONFLICT', 'Someone else claimed this pupil a moment ago.');
    claims.set(caseId, ctx.actor.userId);
    await ctx.respond(absenceList(claims));
  });

  router.home((ctx) => {
    runs.push({ handler: 'home', detail: ctx.actor.userId });
    const mine = PUPILS.filter((p) => claims.get(p.caseId) === ctx.actor.userId);
    return message('Your cases', header('Your claimed cases'), list(mine.map((p) => ({ text: p.name })), 'You have no claimed cases.'), context('Rollcall'));
  });

  return { router, runs, claims, staff: demoStaff(), deliveryLog: new InMemoryDeliveryLog() };
}
