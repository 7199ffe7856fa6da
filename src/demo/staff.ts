// The demo school's staff and their roles. Slack and Teams user ids are placeholders that local mode
// uses to act as each person (e.g. `as office` in the terminal).
import type { YEAR_GROUPS } from './pupils.js';

export interface DemoStaff {
  staffId: string;
  name: string;
  email: string;
  roles: string[];
  slackUserId: string;
  teamsUserId: string;
  /** The class whose register a class teacher takes. */
  className?: string;
}

const LEADS: Omit<DemoStaff, 'email' | 'slackUserId' | 'teamsUserId'>[] = [
  { staffId: 'S001', name: 'Helen Marsh', roles: ['headteacher', 'dsl', 'senior-attendance-champion'] },
  { staffId: 'S002', name: 'Tom Okafor', roles: ['deputy-headteacher', 'deputy-dsl', 'slt'] },
  { staffId: 'S003', name: 'Clare Fell', roles: ['office', 'office-manager'] },
  { staffId: 'S004', name: 'Anita Shah', roles: ['office'] },
  { staffId: 'S005', name: 'Rachel Ashton', roles: ['attendance-officer', 'senior-attendance-champion'] },
  { staffId: 'S006', name: 'Jordan Price', roles: ['pastoral-assistant'] },
  { staffId: 'S007', name: 'Maria Degg', roles: ['senco', 'slt'] },
];

const TEACHERS = ['Lucy Hart', 'Sam Iqbal', 'Megan Doyle', 'Ben Carter', 'Priya Nair', 'Owen Reid', 'Kate Lowe', 'Ade Bello', 'Nina Kowal', 'Joe Ellis', 'Ruth Sharpe', 'Dan Fox', 'Amy Lund', 'Ravi Mehta'];

export function makeStaff(years: typeof YEAR_GROUPS): DemoStaff[] {
  const teachers = years.flatMap((year) => ['A', 'B'].map((letter) => `${year}${letter}`)).map((className, i) => ({
    staffId: `T${String(i + 1).padStart(3, '0')}`,
    name: TEACHERS[i]!,
    roles: ['class-teacher'],
    className,
  }));
  return [...LEADS, ...teachers].map((s, i) => ({
    ...s,
    email: `${s.name.toLowerCase().replace(/[^a-z]+/g, '.')}@demo-school.example.org`,
    slackUserId: `UDEMO${String(i + 1).padStart(3, '0')}`,
    teamsUserId: `29:demo-${String(i + 1).padStart(3, '0')}`,
  }));
}
