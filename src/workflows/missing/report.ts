// The written report of one incident, for the file and for the head's investigation: the entry point
// the CLI (`rollcall export incident ID`) and the Export report button share. The CLI's copy is the
// full record; the copy uploaded to the incidents channel follows the school's privacy setting.
import type { PrismaClient } from '../../db/client.js';
import { loadSchool, type SchoolWithPolicy } from '../../register/schools.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import type { Db } from '../../jobs/index.js';
import type { Audience } from './privacy.js';
import { loadDeliveryFacts } from './delivery-facts.js';
import { incidentReportDoc } from './report-doc.js';
import { reportHtml, reportMarkdown } from './report-render.js';
import { loadSnapshot } from './snapshot.js';

export type ReportFormat = 'markdown' | 'html';

export interface ReportOptions {
  /** 'private' (default): the full record. 'channel': what the school's privacy setting allows in a channel. */
  audience?: Audience;
}

/** The report as Markdown or HTML; NOT_FOUND for an id that does not exist. */
export async function renderIncidentReport(
  db: { prisma: PrismaClient },
  incidentId: string,
  format: ReportFormat,
  options: ReportOptions = {},
): Promise<string> {
  const row = await db.prisma.missingPupilIncident.findUnique({ where: { id: incidentId }, select: { schoolId: true } });
  if (!row) throw new RollcallError('NOT_FOUND', `no missing-pupil incident ${incidentId}`);
  const school = await loadSchool(db.prisma, { id: row.schoolId });
  return renderReportIn(db.prisma, school, incidentId, format, options.audience ?? 'private');
}

/** The same, inside a caller's transaction (PGlite: never the outer client while a transaction is open). */
export async function renderReportIn(tx: Db, school: SchoolWithPolicy, incidentId: string, format: ReportFormat, audience: Audience): Promise<string> {
  const snapshot = await loadSnapshot(tx, incidentId, school.policy.missingPupil, { events: true });
  if (!snapshot) throw new RollcallError('NOT_FOUND', `no missing-pupil incident ${incidentId}`);
  const doc = incidentReportDoc(snapshot, school, audience, await loadDeliveryFacts(tx, incidentId));
  return format === 'html' ? reportHtml(doc) : reportMarkdown(doc);
}

/**
 * The incident a person means on the command line: its id, or its number ("12", "#12"), optionally
 * within one school. Undefined when none matches.
 */
export async function findIncidentId(prisma: PrismaClient, ref: string, schoolId?: string): Promise<string | undefined> {
  const trimmed = ref.trim().replace(/^#/, '');
  const school = schoolId ? { schoolId } : {};
  if (/^\d{1,9}$/.test(trimmed)) {
    const byNumber = await prisma.missingPupilIncident.findFirst({ where: { number: Number(trimmed), ...school }, select: { id: true } });
    return byNumber?.id;
  }
  const byId = await prisma.missingPupilIncident.findFirst({ where: { id: trimmed, ...school }, select: { id: true } });
  return byId?.id;
}

/** A file name for the report, e.g. incident-12-2026-11-23.md. */
export function incidentReportFilename(incident: { number: number; reportedAt: Date }, format: ReportFormat): string {
  return `incident-${incident.number}-${incident.reportedAt.toISOString().slice(0, 10)}.${format === 'html' ? 'html' : 'md'}`;
}
