// The Export report button: the written report (Markdown and HTML, channel copy) uploaded into the
// incident's thread, with the export itself on the timeline and in the audit trail.
import { cardKey } from './ids.js';
import { changeIncident, type IncidentActor, type IncidentEnv } from './incident-change.js';
import { incidentReportFilename, renderReportIn, type ReportFormat } from './report.js';

const FORMATS: readonly ReportFormat[] = ['markdown', 'html'];

export async function exportReport(env: IncidentEnv, incidentId: string, actor: IncidentActor): Promise<string[]> {
  return changeIncident(env, { incidentId, actor }, async (_tx, incident) => ({
    result: FORMATS.map((f) => incidentReportFilename(incident, f)),
    events: [{ kind: 'report-exported', text: `${actor.name} exported the written report.`, thread: 'none' }],
    after: async (tx, _snapshot, ids) => {
      for (const format of FORMATS) {
        const body = await renderReportIn(tx, env.school, incidentId, format, 'channel');
        const filename = incidentReportFilename(incident, format);
        await env.services.notify.upload(tx, {
          school: env.school, channel: 'incidents', key: `${cardKey(incidentId)}:export:${ids[0]!}:${format}`, threadKey: cardKey(incidentId),
          filename, title: `Incident ${incident.number} report (${format === 'html' ? 'HTML' : 'Markdown'})`, base64: Buffer.from(body, 'utf8').toString('base64'),
        });
      }
    },
  }));
}
