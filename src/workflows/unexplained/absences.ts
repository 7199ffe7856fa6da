// /absences [date] [page N]: the day's lists as they stand, privately. Sessions whose list is posted show
// the stored cases (claims, attempts, resolved); a closed session not posted yet is computed from the
// register. An answer holds one page of rows (a private answer must fit what one reply can carry on every
// platform); it says how many there are and carries a button for the next page.
import type { AppServices } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { actions, context, header, list, message, type Block, type ChatMessage, type ListRow } from '../../chat/index.js';
import { rerunButton } from '../../chat/router.js';
import { closedSessions } from '../../policy/register-times.js';
import { toDbDate } from '../../register/db-dates.js';
import { formatDate, calendarOf, type IsoDate, type Session } from '../../rules/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { byConcern, loadCaseViews } from './case-views.js';
import { caseRow, dayLabel, listMessage, liveRow, registerBlocks } from './list-message.js';
import { registerState } from './publish-list.js';
import { sessionRows } from './session-rows.js';

/** Rows per answer: with their buttons, what one Slack reply (50 blocks) and one Teams card hold. */
export const ABSENCES_PAGE_ROWS = 20;

interface SessionPart {
  session: Session;
  /** Header, counts and register state: shown with the session's first rows (alone when it has none). */
  head: Block[];
  rows: ListRow[];
}

const NONE = 'No unexplained absences this session.';

export async function absencesAnswer(services: AppServices, school: SchoolWithPolicy, date: IsoDate, now: Date, page = 1): Promise<ChatMessage> {
  const { policy } = school;
  const held = calendarOf(policy.calendar).sessionsOn(date);
  if (held.length === 0) return message('No school', context(`${formatDate(date)} is not a school day.`));
  const today = localDateOf(now, school.timezone);
  const closed = date < today ? held : closedSessions(policy, date, now).filter((s) => held.includes(s));
  if (closed.length === 0) {
    return message('Register still open', context(`The ${held[0]} register on ${formatDate(date)} has not closed yet (it closes at ${policy.register.am.closes}).`));
  }
  const parts: SessionPart[] = [];
  let open = 0;
  for (const session of closed) {
    const cases = (await loadCaseViews(services.db.prisma, policy, { schoolId: school.id, date: toDbDate(date), session })).sort(byConcern);
    const register = await registerState(services.db.prisma, school, date, session, now);
    if (cases.length > 0 || !register.completeness.anyMarks) {
      open += cases.filter((c) => c.status === 'open').length;
      // The list as posted, its last block (the rows) paged here; with no cases it is whole (no data yet, or none).
      const posted = listMessage(policy, date, session, cases, { audience: 'private', register }).blocks;
      parts.push({ session, head: cases.length > 0 ? posted.slice(0, -1) : posted, rows: cases.map((c) => caseRow(policy, c, { audience: 'private' })) });
      continue;
    }
    const rows = await sessionRows(services.db.sql, school.id, policy, date, session);
    open += rows.length;
    parts.push({
      session,
      head: [
        header(`Unexplained absences: ${session} ${dayLabel(date)}`),
        context('Computed from the register now: the list has not been posted yet, so there is nothing to claim.'),
        ...registerBlocks(register),
        ...(rows.length === 0 ? [list([], NONE)] : []),
      ],
      rows: rows.map((r) => liveRow(policy, r, 'private')),
    });
  }
  return message(`Unexplained absences on ${formatDate(date)}: ${open} open`, ...pageBlocks(parts, date, page));
}

/** The blocks of one page: each session's head with its first rows, "(continued)" after a page break. */
function pageBlocks(parts: readonly SessionPart[], date: IsoDate, page: number): Block[] {
  const total = parts.reduce((n, p) => n + p.rows.length, 0);
  const pages = Math.max(1, Math.ceil(total / ABSENCES_PAGE_ROWS));
  const shown = Math.min(Math.max(1, page), pages);
  const from = (shown - 1) * ABSENCES_PAGE_ROWS;
  const to = Math.min(total, from + ABSENCES_PAGE_ROWS);
  const blocks: Block[] = [];
  let at = 0;
  for (const part of parts) {
    const start = at;
    at += part.rows.length;
    const rows = part.rows.slice(Math.max(0, from - start), Math.max(0, to - start));
    if (part.rows.length === 0) {
      if (shown === 1) blocks.push(...part.head);
      continue;
    }
    if (rows.length === 0) continue;
    blocks.push(...(from > start ? [header(`Unexplained absences: ${part.session} ${dayLabel(date)} (continued)`)] : part.head), list(rows));
  }
  if (pages > 1) {
    blocks.push(context(`Showing ${from + 1}-${to} of ${total} pupils (page ${shown} of ${pages}).`));
    if (shown < pages) blocks.push(actions(rerunButton(`Next ${Math.min(ABSENCES_PAGE_ROWS, total - to)}`, `/absences ${date} page ${shown + 1}`)));
  }
  return blocks;
}
