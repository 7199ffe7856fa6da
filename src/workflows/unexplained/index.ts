// The unexplained-absence workflow (first-day calling): the lists posted at each register close, claims,
// contact attempts, reasons that amend the register, the policy's escalation ladder on durable timers, the
// morning N-code reminders and App Home. This file only wires; each piece lives in its own module.
import type { AppServices, Workflow } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { dailyCron, type SchoolJob } from '../../jobs/index.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { escalationHandler } from './escalation.js';
import { unexplainedHome } from './home.js';
import { JOBS, TIMER_KIND } from './keys.js';
import { runNCodeHygiene } from './n-code-hygiene.js';
import { runSessionClose, type SessionCloseResult } from './session-close.js';
import { registerViews } from './views.js';
import { closedSessions, registerCloseAt } from '../../policy/register-times.js';
import { localDateOf } from '../../rules/local-time.js';

export function unexplainedJobs(school: SchoolWithPolicy, services: AppServices): SchoolJob[] {
  const { register } = school.policy;
  return [
    { name: JOBS.amClose, cron: dailyCron(register.am.closes), run: (at) => runSessionClose(services, school.id, 'AM', at) },
    { name: JOBS.pmClose, cron: dailyCron(register.pm.closes), run: (at) => runSessionClose(services, school.id, 'PM', at) },
    // When the AM register opens: staff see the N codes to clear before the day's calls start.
    { name: JOBS.nCodes, cron: dailyCron(register.am.opens), run: (at) => runNCodeHygiene(services, school.id, at) },
  ];
}

export const unexplainedWorkflow: Workflow = {
  name: 'unexplained',
  register(router, services) {
    registerCommands(router, services);
    registerActions(router, services);
    registerViews(router, services);
  },
  home: (ctx, services) => unexplainedHome(services, ctx),
  timers(timers, services) {
    timers.on(TIMER_KIND, escalationHandler(services));
  },
  jobs: unexplainedJobs,
  onStart: catchUpToday,
};

/**
 * A process started after a register closed (a restart, or local mode in the afternoon) posts that list
 * now. The occurrence is the close time itself, as the schedule would have used, so a list already
 * posted today is not posted again.
 */
export async function catchUpToday(school: SchoolWithPolicy, services: AppServices): Promise<void> {
  const now = services.clock.now();
  const today = localDateOf(now, school.timezone);
  for (const session of closedSessions(school.policy, today, now)) {
    await runSessionClose(services, school.id, session, registerCloseAt(school.policy, today, session));
  }
}

/**
 * Registers arrived after a close (an import or an MIS sync changed marks): every list of today already
 * closed is brought up to date in place. `cause` names the arrival, so one arrival updates a list once.
 */
export async function refreshTodaysLists(school: SchoolWithPolicy, services: AppServices, cause: string): Promise<SessionCloseResult[]> {
  const now = services.clock.now();
  const today = localDateOf(now, school.timezone);
  const results: SessionCloseResult[] = [];
  for (const session of closedSessions(school.policy, today, now)) {
    results.push(await runSessionClose(services, school.id, session, registerCloseAt(school.policy, today, session), { refresh: `register:${cause}` }));
  }
  return results;
}

export { runSessionClose, type SessionCloseResult } from './session-close.js';
export { runNCodeHygiene, nCodeReminders, type NCodeReminders } from './n-code-hygiene.js';
export { unexplainedHome } from './home.js';
export { ACTIONS, VIEWS, JOBS, TIMER_KIND, listMessageKey } from './keys.js';
