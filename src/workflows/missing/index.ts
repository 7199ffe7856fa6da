// The missing-child-in-school procedure (seeds 000/002 section 11) as a Rollcall workflow: `/missing`
// raises an incident with a search checklist and a durable parent-notification deadline, `/found` or the
// Found button closes it with follow-up tasks, and every change is on the incident's timeline.
//
// Files: rules.ts (pure procedure), privacy.ts (what may be shown where), incident-change.ts (the one
// path for every state change: timeline + audit + thread + card), raise/search/parents/resolve/export.ts
// (the changes), card.ts and alerts.ts (messages), commands/actions/views/timers/home.ts (wiring),
// report*.ts (the written report, also for `rollcall export incident ID`), undelivered.ts (a message the
// procedure depends on that did not arrive in time: sent by every other route, and recorded).
import type { Workflow } from '../../core/workflow.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { missingHome } from './home.js';
import { registerTimers } from './timers.js';
import { escalateUndelivered } from './undelivered.js';
import { registerViews } from './views.js';

export const missingPupilWorkflow: Workflow = {
  name: 'missing-pupil',
  register(router, services) {
    registerCommands(router, services);
    registerActions(router, services);
    registerViews(router, services);
  },
  timers(timers, services) {
    registerTimers(timers, services);
  },
  home: (ctx, services) => missingHome(ctx, services),
  undelivered: { subjectPrefix: 'incident:', escalate: escalateUndelivered },
};

export { ACTION, TIMER, VIEW, cardKey } from './ids.js';
export { findIncidentId, incidentReportFilename, renderIncidentReport, type ReportFormat, type ReportOptions } from './report.js';
