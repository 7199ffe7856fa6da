// The register feed as a workflow: polls each school's MIS (every 2 minutes around register times, every 30
// minutes otherwise, a full reconcile at night), refreshes today's closed lists when marks changed (CSV
// imports included), tells the office of outages and recoveries once and of the MIS records the import held
// back or remarked on once each (notes.ts), and writes reasons back to the MIS when the policy asks. The MIS itself is read and written by src/mis; this file only schedules and tells.
import type { SchoolWithPolicy } from '../../register/schools.js';
import type { AppServices, Workflow } from '../../core/workflow.js';
import { isMisError } from '../../mis/errors.js';
import type { RegisterSource } from '../../mis/source.js';
import { sourceFor } from '../../mis/sources.js';
import { syncSchool, type SyncOutcome } from '../../mis/sync.js';
import { queueWriteBacks, runWriteBacks } from '../../mis/writeback.js';
import { minutesOf } from '../../policy/schema-primitives.js';
import { toDbDate } from '../../register/db-dates.js';
import { localTimeOf } from '../../rules/local-time.js';
import { listMessageKey, refreshTodaysLists } from '../unexplained/index.js';
import { publishList } from '../unexplained/publish-list.js';
import { tellOutage, tellRecovery, tellRefusal } from './alerts.js';
import { tellRegisterNotes } from './notes.js';

export const MIS_JOBS = { poll: 'mis.poll', nightly: 'mis.nightly', writeBack: 'mis.write-back' } as const;

/** Polled every 2 minutes from a register's opening to 30 minutes after it closes. */
export function inRegisterWindow(school: SchoolWithPolicy, at: Date): boolean {
  const minute = minutesOf(localTimeOf(at, school.timezone));
  const { am, pm } = school.policy.register;
  return [am, pm].some((r) => minute >= minutesOf(r.opens) && minute <= minutesOf(r.closes) + 30);
}

export interface MisWorkflowOptions {
  /** Where WONDE_TOKEN and WONDE_API_URL come from. */
  env?: NodeJS.ProcessEnv;
  /** A source per school instead of the policy's (tests). */
  sourceFor?: (school: SchoolWithPolicy) => RegisterSource | null;
}

export function misWorkflow(options: MisWorkflowOptions = {}): Workflow {
  const sources = new Map<string, RegisterSource | null>();
  const source = (school: SchoolWithPolicy): RegisterSource | null => {
    if (!sources.has(school.id)) {
      try {
        sources.set(school.id, options.sourceFor ? options.sourceFor(school) : sourceFor(school.policy, options.env ?? process.env));
      } catch (error) {
        if (!isMisError(error)) throw error;
        console.warn(`[mis] ${school.slug}: ${error.message}`);
        sources.set(school.id, null);
      }
    }
    return sources.get(school.id)!;
  };
  return {
    name: 'mis',
    register() {},
    jobs: (school, services) => [
      {
        name: MIS_JOBS.poll, cron: '*/2 * * * *',
        // Outside the register windows the MIS is read every 30 minutes, but every occurrence still looks
        // for marks that arrived another way (`rollcall import`, in this process or another one on the
        // same database, or the HTTP import) and refreshes today's lists: one small read per school, so an
        // import shows in the posted lists within 2 minutes instead of at the next sync.
        run: async (at) => {
          const syncNow = inRegisterWindow(school, at) || new Date(at).getMinutes() % 30 === 0;
          return pollSchool(services, school, syncNow ? source(school) : null, false);
        },
      },
      { name: MIS_JOBS.nightly, cron: '20 2 * * *', run: () => pollSchool(services, school, source(school), true) },
      ...(school.policy.mis.writeBack ? [{ name: MIS_JOBS.writeBack, cron: '* * * * *', run: () => writeBackSchool(services, school, source(school)) }] : []),
    ],
    // A restarted process brings the register up to date before the lists catch up.
    onStart: async (school, services) => {
      if (source(school)) await pollSchool(services, school, source(school), false);
    },
  };
}

export interface PollResult {
  sync: SyncOutcome | null;
  refreshed: number;
}

/** One poll: sync (MIS schools), tell outages and recoveries, and refresh today's closed lists if marks changed. */
export async function pollSchool(services: AppServices, school: SchoolWithPolicy, src: RegisterSource | null, full: boolean): Promise<PollResult> {
  const now = services.clock.now();
  let sync: SyncOutcome | null = null;
  if (src) {
    sync = await syncSchool({ db: services.db, schoolId: school.id, policy: school.policy, source: src, now, full });
    const outcome = sync;
    await services.db.prisma.$transaction(async (tx) => {
      if (!outcome.ok) await tellOutage(tx, services, school, outcome.failingSince, outcome.error, outcome.retryable, now);
      else if (outcome.recoveredFrom) await tellRecovery(tx, services, school, outcome.recoveredFrom, now);
      if (outcome.applied) await tellRegisterNotes(tx, services, school, outcome.applied);
    });
  }
  const feed = await services.db.prisma.registerFeed.findUnique({ where: { schoolId: school.id } });
  if (!feed?.marksChangedAt || (feed.listsRefreshedAt && feed.listsRefreshedAt >= feed.marksChangedAt)) return { sync, refreshed: 0 };
  const results = await refreshTodaysLists(school, services, feed.marksChangedAt.toISOString());
  await services.db.prisma.registerFeed.update({ where: { schoolId: school.id }, data: { listsRefreshedAt: feed.marksChangedAt } });
  return { sync, refreshed: results.length };
}

/** Queues new chat amendments and tries those due; answers go on the case's list, refusals to whoever gave the reason. */
export async function writeBackSchool(services: AppServices, school: SchoolWithPolicy, src: RegisterSource | null) {
  if (!src?.writeBack) return [];
  const now = services.clock.now();
  await queueWriteBacks(services.db.prisma, school.id, now);
  const done = await runWriteBacks(services.db.prisma, school.id, src, now);
  for (const w of done.filter((d) => d.status !== 'waiting')) {
    await services.db.prisma.$transaction(async (tx) => {
      const c = await tx.unexplainedAbsence.findUnique({ where: { pupilId_date_session: { pupilId: w.pupilId, date: toDbDate(w.date), session: w.session } } });
      if (w.status === 'refused') {
        const by = c?.resolvedBy && c.resolvedBy !== 'register' ? c.resolvedBy : (await tx.staffMember.findFirst({ where: { schoolId: school.id, name: w.amendedBy }, select: { id: true } }))?.id ?? null;
        await tellRefusal(tx, services, school, w, by);
      }
      const posted = c && (await tx.outboxMessage.findFirst({ where: { schoolId: school.id, messageKey: listMessageKey(school.id, w.date, w.session), op: 'post' }, select: { id: true } }));
      if (posted) await publishList(tx, services, school, w.date, w.session, `writeback:${w.id}`);
    });
  }
  return done;
}
