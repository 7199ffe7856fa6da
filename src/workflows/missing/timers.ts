// Durable-timer handlers. They run inside the timer's claiming transaction and must use only that
// transaction (PGlite has one session: the outer client would wait on it forever), so the school and
// its policy are loaded through `tx` here rather than from the process-wide school cache.
import type { DurableTimers, Db } from '../../jobs/index.js';
import type { AppServices } from '../../core/workflow.js';
import { loadSchool } from '../../register/schools.js';
import { TIMER } from './ids.js';
import { sendHalfTimeReminder, sendParentAlert } from './parents.js';

export function registerTimers(timers: DurableTimers, services: AppServices): void {
  timers.on(TIMER.halfTime, async (timer, tx) => {
    const school = await loadSchool(tx, { id: timer.schoolId });
    const incidentId = incidentOf(timer.payload);
    if (incidentId && (await exists(tx, incidentId))) await sendHalfTimeReminder({ services, school }, tx, incidentId);
  });
  timers.on(TIMER.parentDeadline, async (timer, tx) => {
    const school = await loadSchool(tx, { id: timer.schoolId });
    const incidentId = incidentOf(timer.payload);
    if (incidentId && (await exists(tx, incidentId))) await sendParentAlert({ services, school }, tx, incidentId);
  });
}

function incidentOf(payload: Record<string, unknown>): string | undefined {
  const id = payload['incidentId'];
  return typeof id === 'string' ? id : undefined;
}

async function exists(tx: Db, incidentId: string): Promise<boolean> {
  return (await tx.missingPupilIncident.count({ where: { id: incidentId } })) === 1;
}
