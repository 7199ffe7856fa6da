// Slash commands of the unexplained-absence workflow: /absences [date], /call, /reason. Thin: arguments
// arrive as the router's token array; the work is in command-runs.ts and absences.ts.
import { z } from 'zod';
import type { AppServices } from '../../core/workflow.js';
import { requireStaff, type ChatRouter } from '../../chat/index.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import { addDays, isIsoDate } from '../../rules/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { absencesAnswer } from './absences.js';
import { CALL_USAGE, REASON_USAGE, runCall, runReason } from './command-runs.js';

const ABSENCES_USAGE = '/absences [today|yesterday|YYYY-MM-DD] [page N]';

export function registerCommands(router: ChatRouter, services: AppServices): void {
  router.command('/absences', z.array(z.string()).max(3), async (ctx, args) => {
    requireStaff(ctx);
    const school = await services.school(ctx.schoolId);
    const today = localDateOf(ctx.now(), school.timezone);
    const [first] = args;
    const pageAt = first?.toLowerCase() === 'page' ? 0 : 1;
    const word = (pageAt === 0 ? 'today' : (first ?? 'today')).toLowerCase();
    const date = word === 'today' ? today : word === 'yesterday' ? addDays(today, -1) : word;
    if (!isIsoDate(date)) throw new RollcallError('INVALID_INPUT', `"${first ?? ''}" is not a date: write it YYYY-MM-DD.`, { usage: ABSENCES_USAGE });
    const paging = args.slice(pageAt);
    const page = paging.length === 0 ? 1 : paging[0]?.toLowerCase() === 'page' && /^[1-9]\d{0,3}$/.test(paging[1] ?? '') && paging.length === 2 ? Number(paging[1]) : NaN;
    if (Number.isNaN(page)) throw new RollcallError('INVALID_INPUT', `"${paging.join(' ')}" is not understood: after the date, write page and a number.`, { usage: ABSENCES_USAGE });
    return absencesAnswer(services, school, date, ctx.now(), page);
  }, { usage: ABSENCES_USAGE, description: "Today's unexplained absences (or another day's), privately" });

  router.command('/call', z.array(z.string()).min(2, { error: 'Say who and how it went.' }), (ctx, _args, input) => runCall(services, ctx, input.text), {
    usage: CALL_USAGE,
    description: 'Log a call (or text, email, visit) to a pupil\'s family',
  });

  router.command('/reason', z.array(z.string()).min(1, { error: 'Say which pupil.' }), (ctx, _args, input) => runReason(services, ctx, input.text), {
    usage: REASON_USAGE,
    description: 'Record the reason for an absence and amend the register',
  });
}
