import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requireRole } from '../../src/chat/context.js';
import { RollcallError } from '../../src/errors/rollcall-error.js';
import { InMemoryStaffDirectory } from '../../src/chat/in-memory.js';
import { message, text, type ChatMessage, type Modal } from '../../src/chat/model.js';
import { ChatRouter, type ChatLogger, type Interaction, type InteractionEnvelope } from '../../src/chat/router.js';

const staff = new InMemoryStaffDirectory([
  { id: 's-office', name: 'Olu Office', roles: ['office'], schoolId: 'school-1', accounts: { slack: 'U_OFFICE' } },
  { id: 's-dsl', name: 'Dee Lead', roles: ['dsl', 'head'], schoolId: 'school-1', accounts: { slack: 'U_DSL' } },
  { id: 's-other', name: 'Other School', roles: ['dsl'], schoolId: 'school-2', accounts: { slack: 'U_OTHER' } },
]);

function quietLogger() {
  const lines: { level: string; message: string }[] = [];
  const logger: ChatLogger = {
    warn: (m) => lines.push({ level: 'warn', message: m }),
    error: (m) => lines.push({ level: 'error', message: m }),
  };
  return { logger, lines };
}

// null = the workspace is not linked to a school
function envelope(userId: string, schoolId: string | null = 'school-1') {
  const replies: ChatMessage[] = [];
  const responses: ChatMessage[] = [];
  const modals: Modal[] = [];
  const env: InteractionEnvelope = {
    platform: 'slack',
    userId,
    resolveSchool: async () => schoolId ?? undefined,
    staffDirectory: staff,
    delivery: { key: 'k1' },
    source: { channel: 'C1' },
    surface: {
      reply: async (m) => {
        replies.push(m);
      },
      respond: async (m) => {
        responses.push(m);
      },
      openModal: async (m) => {
        modals.push(m);
      },
    },
  };
  return { env, replies, responses, modals };
}

const plain = (m: ChatMessage | undefined) =>
  (m?.blocks ?? []).map((b) => ('text' in b ? b.text : '')).join(' | ');

function buildRouter() {
  const calls: unknown[] = [];
  const { logger, lines } = quietLogger();
  const router = new ChatRouter({ logger, clock: () => new Date('2026-11-23T09:30:00Z'), newReference: () => 'ref-1' });
  router.command(
    '/call',
    z.tuple([z.string().min(1), z.enum(['reached', 'voicemail', 'no_answer'])]),
    (ctx, [pupil, outcome]) => {
      calls.push({ pupil, outcome, by: ctx.actor.staff?.id, at: ctx.now().toISOString(), school: ctx.schoolId });
      return message('Logged', text(`Call to ${pupil}'s family: ${outcome}`));
    },
    { usage: '/call "<pupil>" <reached|voicemail|no_answer>' },
  );
  router.command('/police', z.tuple([z.string()]), (ctx, [incident]) => {
    requireRole(ctx, 'dsl', 'head');
    calls.push({ police: incident });
  });
  router.command('/rollcall', z.array(z.string()), () => message('Help', text('help')), { allowGuests: true });
  router.command('/boom', z.array(z.string()), () => {
    throw new Error('database went away');
  });
  router.command('/pupil', z.tuple([z.string()]), () => {
    throw new RollcallError('AMBIGUOUS_PUPIL', 'Two pupils are called Sam.', { matches: ['Sam Lee (4B)', 'Sam Patel (6A)'] });
  });
  router.action('claim', z.string().uuid(), async (ctx, caseId) => {
    calls.push({ claim: caseId, by: ctx.actor.userId });
    await ctx.respond(message('Claimed', text(`Claimed ${caseId}`)));
  });
  router.view('reason', z.object({ reason: z.string().min(3, 'Say a little more'), code: z.enum(['I', 'M']) }), (_ctx, values, input) => {
    calls.push({ reason: values, meta: input.privateMetadata });
  });
  router.view('closing', z.object({ note: z.string().optional() }), () => {
    throw new RollcallError('INVALID_INPUT', 'Case already closed', { fields: { note: 'This case was closed by someone else' } });
  });
  router.home((ctx) => message('Home', text(`Cases for ${ctx.actor.staff?.name ?? 'guest'}`)));
  return { router, calls, lines };
}

describe('ChatRouter commands', () => {
  it('parses quoted args, validates them and passes staff, school and clock to the handler', async () => {
    const { router, calls } = buildRouter();
    const { env, replies } = envelope('U_OFFICE');
    const outcome = await router.dispatch({ kind: 'command', name: '/call', text: '"Amy Smith" voicemail' }, env);
    expect(outcome).toEqual({ kind: 'done' });
    expect(calls).toEqual([{ pupil: 'Amy Smith', outcome: 'voicemail', by: 's-office', at: '2026-11-23T09:30:00.000Z', school: 'school-1' }]);
    expect(plain(replies[0])).toBe("Call to Amy Smith's family: voicemail");
  });

  it.each<[string, string, RegExp]>([
    ['unknown outcome', '"Amy Smith" shouted', /Argument 2: Invalid option/],
    ['missing outcome', 'Amy', /Not enough arguments \(expected at least 2\)/],
    ['unquoted name', 'Amy Smith reached', /Too many arguments .*quotes/],
  ])('answers privately and calls no handler for %s', async (_label, input, expected) => {
    const { router, calls } = buildRouter();
    const { env, replies } = envelope('U_OFFICE');
    const outcome = await router.dispatch({ kind: 'command', name: '/call', text: input }, env);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'INVALID_INPUT' });
    expect(calls).toEqual([]);
    expect(replies).toHaveLength(1);
    expect(plain(replies[0])).toMatch(expected);
    expect(plain(replies[0])).toContain('Usage: `/call "<pupil>" <reached|voicemail|no_answer>`');
  });

  it('refuses a role-checked command for a role that does not hold it', async () => {
    const { router, calls } = buildRouter();
    const { env, replies } = envelope('U_OFFICE');
    const outcome = await router.dispatch({ kind: 'command', name: '/police', text: 'INC-1' }, env);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'FORBIDDEN' });
    expect(calls).toEqual([]);
    expect(plain(replies[0])).toContain('This needs one of these roles: dsl, head. Your roles: office.');
  });

  it('lets a role holder through', async () => {
    const { router, calls } = buildRouter();
    const outcome = await router.dispatch({ kind: 'command', name: '/police', text: 'INC-1' }, envelope('U_DSL').env);
    expect(outcome).toEqual({ kind: 'done' });
    expect(calls).toEqual([{ police: 'INC-1' }]);
  });

  it('refuses people who are not staff unless the route allows guests', async () => {
    const { router, calls } = buildRouter();
    const guest = envelope('U_STRANGER');
    expect(await router.dispatch({ kind: 'command', name: '/call', text: 'Amy reached' }, guest.env)).toMatchObject({ code: 'FORBIDDEN' });
    expect(calls).toEqual([]);
    expect(plain(guest.replies[0])).toContain('not set up as staff');
    expect(await router.dispatch({ kind: 'command', name: '/rollcall', text: 'help' }, guest.env)).toEqual({ kind: 'done' });
  });

  it('does not take a staff record from another school for this workspace', async () => {
    const { router } = buildRouter();
    const { env } = envelope('U_OTHER', 'school-1');
    expect(await router.dispatch({ kind: 'command', name: '/police', text: 'x' }, env)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('uses the staff record school when the workspace is not linked, and refuses when neither is known', async () => {
    const { router, calls } = buildRouter();
    await router.dispatch({ kind: 'command', name: '/call', text: 'Amy reached' }, envelope('U_OFFICE', null).env);
    expect(calls).toMatchObject([{ school: 'school-1' }]);
    const stranger = envelope('U_STRANGER', null);
    expect(await router.dispatch({ kind: 'command', name: '/rollcall', text: '' }, stranger.env)).toMatchObject({ code: 'NOT_FOUND' });
    expect(plain(stranger.replies[0])).toContain('not connected to a school');
  });

  it('answers an unknown command with NOT_FOUND', async () => {
    const { router } = buildRouter();
    const { env, replies } = envelope('U_OFFICE');
    expect(await router.dispatch({ kind: 'command', name: '/nope', text: '' }, env)).toMatchObject({ code: 'NOT_FOUND' });
    expect(plain(replies[0])).toContain('Rollcall has no command /nope');
  });

  it('answers an internal error with a reference, logs it, and does not leak the message', async () => {
    const { router, lines } = buildRouter();
    const { env, replies } = envelope('U_OFFICE');
    expect(await router.dispatch({ kind: 'command', name: '/boom', text: '' }, env)).toEqual({ kind: 'failed', code: 'INTERNAL', reference: 'ref-1' });
    expect(plain(replies[0])).toContain('ref-1');
    expect(plain(replies[0])).not.toContain('database went away');
    expect(lines).toEqual([{ level: 'error', message: 'handler failed' }]);
  });

  it('offers the matches of an ambiguous pupil', async () => {
    const { router } = buildRouter();
    const { env, replies } = envelope('U_OFFICE');
    await router.dispatch({ kind: 'command', name: '/pupil', text: 'Sam' }, env);
    expect(plain(replies[0])).toContain('**More than one pupil matches.** Two pupils are called Sam.');
    expect(plain(replies[0])).toContain('- Sam Lee (4B)\n- Sam Patel (6A)');
  });
});

describe('ChatRouter actions, views and home', () => {
  const caseId = '6f1c2a7e-8c1d-4e57-9d3a-1b2c3d4e5f60';

  it('validates the button value before the handler runs', async () => {
    const { router, calls } = buildRouter();
    const bad = envelope('U_OFFICE');
    expect(await router.dispatch({ kind: 'action', actionId: 'claim', value: 'not-a-uuid' }, bad.env)).toMatchObject({ code: 'INVALID_INPUT' });
    expect(calls).toEqual([]);
    const good = envelope('U_OFFICE');
    expect(await router.dispatch({ kind: 'action', actionId: 'claim', value: caseId }, good.env)).toEqual({ kind: 'done' });
    expect(calls).toEqual([{ claim: caseId, by: 'U_OFFICE' }]);
    expect(plain(good.responses[0])).toBe(`Claimed ${caseId}`);
  });

  it('returns field errors for an invalid modal and does not call the handler', async () => {
    const { router, calls } = buildRouter();
    const { env, replies } = envelope('U_OFFICE');
    const submit: Interaction = { kind: 'view', callbackId: 'reason', values: { reason: 'ok', code: 'X' }, privateMetadata: 'case-9' };
    const outcome = await router.dispatch(submit, env);
    expect(outcome.kind).toBe('field-errors');
    if (outcome.kind === 'field-errors') {
      expect(outcome.errors['reason']).toBe('Say a little more');
      expect(outcome.errors['code']).toMatch(/Invalid option/);
    }
    expect(calls).toEqual([]);
    expect(replies).toEqual([]);
  });

  it('passes valid modal values and the private metadata', async () => {
    const { router, calls } = buildRouter();
    const { env } = envelope('U_OFFICE');
    await router.dispatch({ kind: 'view', callbackId: 'reason', values: { reason: 'dentist', code: 'M' }, privateMetadata: 'case-9' }, env);
    expect(calls).toEqual([{ reason: { reason: 'dentist', code: 'M' }, meta: 'case-9' }]);
  });

  it('turns a handler INVALID_INPUT with fields into modal field errors', async () => {
    const { router } = buildRouter();
    const outcome = await router.dispatch({ kind: 'view', callbackId: 'closing', values: {}, privateMetadata: '' }, envelope('U_OFFICE').env);
    expect(outcome).toEqual({ kind: 'field-errors', errors: { note: 'This case was closed by someone else' } });
  });

  it('builds the home view for staff and guests', async () => {
    const { router } = buildRouter();
    const staffHome = await router.dispatch({ kind: 'home' }, envelope('U_DSL').env);
    expect(staffHome.kind === 'home' && plain(staffHome.message)).toBe('Cases for Dee Lead');
    const guestHome = await router.dispatch({ kind: 'home' }, envelope('U_STRANGER').env);
    expect(guestHome.kind === 'home' && plain(guestHome.message)).toBe('Cases for guest');
  });

  it('lists registered commands for help', () => {
    const { router } = buildRouter();
    expect(router.commands().map((c) => c.name)).toEqual(['/call', '/police', '/rollcall', '/boom', '/pupil']);
  });
});

describe('logs keep children out', () => {
  it('logs a refusal by its code and reference, while the person still sees which pupils matched', async () => {
    const { logger, lines } = quietLogger();
    const router = new ChatRouter({ logger, newReference: () => 'ref-9' });
    router.command('/find', z.array(z.string()), () => {
      throw new RollcallError('AMBIGUOUS_PUPIL', 'Several pupils match "Amy": Amy Brown (3B), Amy Bell (5A).');
    });
    const { env, replies } = envelope('U_OFFICE');
    await router.dispatch({ kind: 'command', name: '/find', text: 'Amy' }, env);
    expect(plain(replies[0])).toContain('Amy Brown');
    expect(lines.map((l) => l.message)).toEqual(['refused: AMBIGUOUS_PUPIL']);
    expect(JSON.stringify(lines)).not.toContain('Amy');
  });
});
