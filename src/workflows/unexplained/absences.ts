// /absences [date]: the day's lists as they stand, privately. Sessions whose list is posted show the
// stored cases (claims, attempts, resolved); a closed session not posted yet is computed from the register.
import type { AppServices } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { context, header, list, message, type Block, type ChatMessage } from '../../chat/index.js';
import { closedSessions } from '../../policy/register-times.js';
import { toDbDate } from '../../register/db-dates.js';
import { formatDate, calendarOf, type IsoDate } from '../../rules/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { byConcern, loadCaseViews } from './case-views.js';
import { dayLabel, listMessage, liveRow, registerBlocks } from './list-message.js';
import { registerState } from './publish-list.js';
import { sessionRows } from './session-rows.js';

export async function absencesAnswer(services: AppServices, school: SchoolWithPolicy, date: IsoDate, now: Date): Promise<ChatMessage> {
  const { policy } = school;
  const held = calendarOf(policy.calendar).sessionsOn(date);
  if (held.length === 0) return message('No school', context(`${formatDate(date)} is not a school day.`));
  const today = localDateOf(now, school.timezone);
  const closed = date < today ? held : closedSessions(policy, date, now).filter((s) => held.includes(s));
  if (closed.length === 0) {
    return message('Register still open', context(`The ${held[0]} register on ${formatDate(date)} has not closed yet (it closes at ${policy.register.am.closes}).`));
  }
  const blocks: Block[] = [];
  let open = 0;
  for (const session of closed) {
    const cases = (await loadCaseViews(services.db.prisma, policy, { schoolId: school.id, date: toDbDate(date), session })).sort(byConcern);
    const register = await registerState(services.db.prisma, school, date, session, now);
    if (cases.length > 0 || !register.completeness.anyMarks) {
      open += cases.filter((c) => c.status === 'open').length;
      blocks.push(...listMessage(policy, date, session, cases, { audience: 'private', register }).blocks);
      continue;
    }
    const rows = await sessionRows(services.db.sql, school.id, policy, date, session);
    open += rows.length;
    blocks.push(
      header(`Unexplained absences: ${session} ${dayLabel(date)}`),
      context('Computed from the register now: the list has not been posted yet, so there is nothing to claim.'),
      ...registerBlocks(register),
      list(rows.map((r) => liveRow(policy, r, 'private')), 'No unexplained absences this session.'),
    );
  }
  return message(`Unexplained absences on ${formatDate(date)}: ${open} open`, ...blocks);
}
