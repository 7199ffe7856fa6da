// The school's register times turned into instants: which registers have closed by a given moment.
import { instantAt } from '../rules/local-time.js';
import type { IsoDate, Session } from '../rules/types.js';
import type { Policy } from './schema.js';

export function registerCloseAt(policy: Policy, date: IsoDate, session: Session): Date {
  return instantAt(date, policy.register[session === 'AM' ? 'am' : 'pm'].closes, policy.school.timezone);
}

/** Sessions of `date` whose register has closed by `now` (both for a past date, none before 9am today). */
export function closedSessions(policy: Policy, date: IsoDate, now: Date): Session[] {
  return (['AM', 'PM'] as const).filter((s) => registerCloseAt(policy, date, s) <= now);
}
