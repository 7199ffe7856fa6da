// How dates, roles and figures are written in tier and digest posts. Pupils are named by the one privacy
// rule in core/pupil-names.ts.

import { formatDate, type IsoDate } from '../../rules/index.js';
import { toDayNumber, weekdayIndex } from '../../rules/dates.js';

export interface PupilName {
  firstName: string;
  lastName: string;
  preferredName: string | null;
  className: string;
  yearGroup: string;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function weekdayOf(date: IsoDate): string {
  return DAYS[weekdayIndex(toDayNumber(date))] ?? '';
}

/** 'Fri 27 Nov': due dates within the school year. */
export function shortDate(date: IsoDate): string {
  return `${weekdayOf(date)} ${formatDate(date).split(' ').slice(0, 2).join(' ')}`;
}

/** 'attendance-officer' -> 'attendance officer'. */
export function roleWords(role: string): string {
  return role.replace(/-/g, ' ');
}

export function rolesWords(roles: readonly string[]): string {
  const words = roles.map(roleWords);
  if (words.length <= 1) return words[0] ?? 'no role set';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

export function pctText(pct: number | null): string {
  return pct === null ? 'n/a' : `${pct.toFixed(1)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Cut a label for a button (Slack allows 75 characters; shorter reads better). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
