// `rollcall report pupils|tiers|digest|unexplained --school S [--date D] [--format json]`: the first
// user-facing output, and the JSON contract (`report pupils --format json`) later checks depend on.
import { z } from 'zod';
import { loadAllSchools, loadSchool } from '../../register/schools.js';
import type { Database } from '../../db/client.js';
import { closedSessions } from '../../policy/register-times.js';
import { schoolFacts } from '../../reports/pupil-facts.js';
import { pupilsReport, pupilsReportText } from '../../reports/pupils-report.js';
import { mondayOf } from '../../rules/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { buildDigest } from '../../workflows/digest/build.js';
import { digestText } from '../../workflows/digest/message.js';
import { buildTrustDigest, trustDigestText } from '../../workflows/digest/trust.js';
import { tiersQuery } from '../../workflows/tiers/query.js';
import { tiersQueryText } from '../../workflows/tiers/query-render.js';
import { unexplainedFor, unexplainedText } from '../../workflows/unexplained/morning-list.js';
import { defineOperation, printed } from '../operation.js';

export const REPORTS = ['pupils', 'tiers', 'digest', 'unexplained'] as const;

const inputSchema = z.object({
  report: z.enum(REPORTS),
  school: z.string().min(1),
  date: z.iso.date().optional(),
  format: z.enum(['text', 'json']),
  filter: z.string().optional(),
  trust: z.boolean().optional(),
});
type ReportInput = z.infer<typeof inputSchema>;

type Ctx = { db: Database; input: ReportInput; school: Awaited<ReturnType<typeof loadSchool>>; date: string; facts: () => ReturnType<typeof schoolFacts> };

const render: Record<ReportInput['report'], (ctx: Ctx) => Promise<string>> = {
  pupils: async ({ input, facts }) => (input.format === 'json' ? JSON.stringify(pupilsReport(await facts()), null, 2) : pupilsReportText(await facts())),
  tiers: async ({ db, input, school, date, facts }) =>
    input.format === 'json'
      ? JSON.stringify((await facts()).pupils.filter((f) => f.tier.tier).map((f) => ({ upn: f.pupil.upn, tier: f.tier.tier, rule: f.tier.rule })), null, 2)
      : tiersQueryText(await tiersQuery(db, { schoolId: school.id, policy: school.policy, date, ...(input.filter ? { filter: input.filter } : {}) })),
  digest: async ({ db, input, school, date }) => {
    const weekStart = mondayOf(date);
    if (input.trust) {
      const trust = await buildTrustDigest(db, { schools: await loadAllSchools(db.prisma), weekStart });
      return input.format === 'json' ? JSON.stringify(trust.figures, null, 2) : trustDigestText(trust.figures);
    }
    // The week containing the date, counted up to that date (not to the end of a week still in progress).
    const digest = await buildDigest(db, { schoolId: school.id, policy: school.policy, weekStart, asOf: date });
    return input.format === 'json' ? JSON.stringify(digest.figures, null, 2) : digestText(digest.figures);
  },
  unexplained: async ({ input, school, date, facts }) => {
    const f = await facts();
    const rows = closedSessions(school.policy, date, new Date()).flatMap((s) => unexplainedFor(school.policy, f.calendar, f.pupils, date, s));
    return input.format === 'json'
      ? JSON.stringify(rows.map((r) => ({ upn: r.pupil.upn, session: r.session, code: r.code, consecutiveDays: r.consecutiveDays, vulnerable: r.vulnerability.labels, nextStep: r.nextStep })), null, 2)
      : unexplainedText(rows, date);
  },
};

export const operation = defineOperation({
  input: inputSchema,
  run: async (db, input) => {
    const school = await loadSchool(db.prisma, { slug: input.school });
    const date = input.date ?? localDateOf(new Date(), school.timezone);
    const facts = () => schoolFacts(db.sql, school.id, school.policy, date);
    return printed(await render[input.report]({ db, input, school, date, facts }));
  },
});
