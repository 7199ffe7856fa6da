// `rollcall report pupils --format json`: the per-pupil contract later checks depend on. Keys and
// meanings are fixed by issue 2; change them only with a new contract.
import type { PupilFacts } from './pupil-facts.js';

/** What a row needs: the figures, not the marks, so the lean facts (no plain present marks loaded) do. */
type RowFacts = Omit<PupilFacts, 'marks'>;
interface ReportFacts {
  date: string;
  pupils: readonly RowFacts[];
}

export interface PupilReportRow {
  upn: string;
  possibleSessions: number;
  /** Present, late (L) and approved educational activity. */
  presentSessions: number;
  authorisedSessions: number;
  unauthorisedSessions: number;
  /** One decimal, over the school year to the date inclusive; null with no possible sessions. */
  attendancePct: number | null;
  persistentAbsence: boolean;
  severeAbsence: boolean;
  nationalThresholdMetOn: string | null;
  openNCodes: number;
  tier: string | null;
}

export function pupilReportRow(f: RowFacts): PupilReportRow {
  const y = f.yearToDate;
  return {
    upn: f.pupil.upn,
    possibleSessions: y.possibleSessions,
    presentSessions: y.presentSessions,
    authorisedSessions: y.authorisedSessions,
    unauthorisedSessions: y.unauthorisedSessions,
    attendancePct: y.attendancePct,
    persistentAbsence: y.persistentAbsence,
    severeAbsence: y.severeAbsence,
    nationalThresholdMetOn: f.nationalThresholdMetOn,
    openNCodes: f.openN.length,
    tier: f.tier.tier,
  };
}

export function pupilsReport(facts: ReportFacts): PupilReportRow[] {
  return facts.pupils.map(pupilReportRow);
}

/** A readable table for the terminal. */
export function pupilsReportText(facts: ReportFacts): string {
  const rows = facts.pupils.map((f) => {
    const r = pupilReportRow(f);
    const flags = [r.persistentAbsence ? 'PA' : '', r.severeAbsence ? 'SA' : '', r.nationalThresholdMetOn ? `NT ${r.nationalThresholdMetOn}` : '', r.openNCodes ? `${r.openNCodes} N` : ''].filter(Boolean).join(' ');
    return [r.upn, `${f.pupil.firstName} ${f.pupil.lastName}`.slice(0, 24).padEnd(24), f.pupil.className.padEnd(4), `${r.attendancePct ?? '-'}%`.padStart(6), (r.tier ?? '').slice(0, 30).padEnd(30), flags].join('  ');
  });
  return [`Pupils on roll on ${facts.date}: ${facts.pupils.length}`, ...rows].join('\n');
}
