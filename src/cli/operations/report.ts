// `rollcall report pupils|tiers|digest|unexplained --school S [--date D] [--format json]`: the first
// user-facing output, and the JSON contract (`report pupils --format json`) later checks depend on. Each
// report's code is loaded only for that report (the digest's chart library is large).
import { z } from 'zod';
import { loadSchool } from '../../register/schools.js';
import { localDateOf } from '../../rules/local-time.js';
import { defineOperation, printed } from '../operation.js';
import type { ReportContext } from './reports/context.js';

export const REPORTS = ['pupils', 'tiers', 'digest', 'unexplained'] as const;

const renderers: Record<(typeof REPORTS)[number], () => Promise<{ render(ctx: ReportContext): Promise<string> }>> = {
  pupils: () => import('./reports/pupils.js'),
  tiers: () => import('./reports/tiers.js'),
  digest: () => import('./reports/digest.js'),
  unexplained: () => import('./reports/unexplained.js'),
};

export const operation = defineOperation({
  input: z.object({
    report: z.enum(REPORTS),
    school: z.string().min(1),
    date: z.iso.date().optional(),
    format: z.enum(['text', 'json']),
    filter: z.string().optional(),
    trust: z.boolean().optional(),
  }),
  run: async (db, input) => {
    const { render } = await renderers[input.report]();
    const school = await loadSchool(db.prisma, { slug: input.school });
    const date = input.date ?? localDateOf(new Date(), school.timezone);
    return printed(await render({ db, school, date, format: input.format, ...(input.filter ? { filter: input.filter } : {}), trust: !!input.trust }));
  },
});
