// Times as people at the school read them: the deadline as a time of day on the school's own clock
// ("10:42"), and fuller forms for the written report. Pure: instants and the time zone come in.
import { localTimeOf } from '../../rules/local-time.js';

/** 'HH:MM' on the school's clock. */
export function clockTime(at: Date, timeZone: string): string {
  return localTimeOf(at, timeZone);
}

/** 'HH:MM:SS' on the school's clock (the report's timeline). */
export function clockTimeSeconds(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}

/** 'Mon 23 Nov, 10:42' (due dates that may fall on another day). */
export function dayAndTime(at: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(at);
  return `${day}, ${clockTime(at, timeZone)}`;
}

/** 'Monday 23 November 2026' (the report's heading). */
export function longDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

/** Whole minutes from a to b, never negative ("missing for 12 minutes"). */
export function minutesFrom(a: Date, b: Date): number {
  return Math.max(0, Math.floor((b.getTime() - a.getTime()) / 60_000));
}
