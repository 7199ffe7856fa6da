// A school's wall clock: converting instants to the school's local date and time and back. Register times
// in policies are local ("09:15" in Europe/London), while timers and the database hold instants, so every
// crossing between the two goes through here. Pure: the instant is always a parameter.
import type { IsoDate } from './types.js';

// Building an Intl.DateTimeFormat costs far more than using one, and a school has one time zone:
// keep one formatter per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, timeZone: string): Record<string, string> {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** The school's calendar date at that instant. */
export function localDateOf(instant: Date, timeZone: string): IsoDate {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The school's clock time ('HH:MM') at that instant. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** The instant at which the school's clock shows `time` on `date` (DST-aware). */
export function instantAt(date: IsoDate, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h, m);
  // Offset of the zone at the guess, applied once and re-checked (twice covers DST edges).
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(instant), timeZone);
    const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    instant += guess - shown;
  }
  return new Date(instant);
}

/** Minutes from 'HH:MM' a to b (negative when b is earlier). */
export function minutesBetween(a: string, b: string): number {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return m(b) - m(a);
}
