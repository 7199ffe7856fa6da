// The missing-pupil procedure's pure rules: deadlines, search progress, flags, who may close a search,
// when the emergency-contact list is exhausted, and the follow-up tasks with their due dates.
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../../src/policy/load.js';
import type { Policy } from '../../../src/policy/schema.js';
import { SchoolCalendar } from '../../../src/rules/calendar.js';
import {
  contactsStatus, deadlinesFor, heardFromPupil, mayResolve, pupilFlags, reachedNote, resolverRoles, rolesToNotify, searchProgress,
} from '../../../src/workflows/missing/rules.js';
import { followUpTasks } from '../../../src/workflows/missing/follow-up.js';

function stLukes(): Policy {
  const loaded = loadPolicyFile('policies/st-lukes-cofe.yaml');
  if (!loaded.ok) throw new Error('st-lukes policy does not load');
  return loaded.policy;
}
const policy = stLukes();
const mp = policy.missingPupil;
const at = new Date('2026-11-23T10:30:00Z');

describe('deadlinesFor', () => {
  it.each([
    [10, true, '2026-11-23T10:35:00.000Z', '2026-11-23T10:40:00.000Z'],
    [7, true, '2026-11-23T10:33:30.000Z', '2026-11-23T10:37:00.000Z'],
    [10, false, null, '2026-11-23T10:40:00.000Z'],
  ])('%i minutes, half-time reminder %s', (minutes, halfTime, half, deadline) => {
    const d = deadlinesFor(at, { ...mp, parentNotifyAfterMinutes: minutes, halfTimeReminder: halfTime });
    expect(d.halfTimeAt?.toISOString() ?? null).toBe(half);
    expect(d.parentDeadlineAt.toISOString()).toBe(deadline);
  });
});

describe('searchProgress', () => {
  it('counts clear and claimed areas', () => {
    expect(searchProgress([{ status: 'clear' }, { status: 'claimed' }, { status: 'unsearched' }, { status: 'clear' }])).toEqual({ clear: 2, claimed: 1, total: 4 });
  });
});

describe('pupilFlags and who they bring in', () => {
  const none = { childProtectionPlan: false, lookedAfter: false, socialWorker: false, ehcp: false, senStatus: 'N' };
  it.each([
    [none, []],
    [{ ...none, childProtectionPlan: true, socialWorker: true }, ['CP plan', 'Social worker']],
    [{ ...none, lookedAfter: true }, ['Looked after']],
    [{ ...none, senStatus: 'E' }, ['SEND (EHCP)']],
    [{ ...none, ehcp: true, senStatus: 'K' }, ['SEND (EHCP)']],
    [{ ...none, senStatus: 'K' }, ['SEND (SEN support)']],
  ])('%o -> %o', (facts, flags) => {
    expect(pupilFlags(facts)).toEqual(flags);
  });

  it('adds the flagged-pupil roles to the policy\'s notify roles only for a flagged pupil', () => {
    expect(rolesToNotify(mp, [])).toEqual(['headteacher', 'office']);
    expect(rolesToNotify(mp, ['Looked after'])).toEqual(['headteacher', 'office', 'dsl', 'senco']);
  });
});

describe('who may close a search', () => {
  it('is the lead, the point of contact, the DSL and the head', () => {
    expect(resolverRoles(policy)).toEqual(['headteacher', 'office', 'dsl']);
    expect(mayResolve(['class-teacher'], policy)).toBe(false);
    expect(mayResolve(['class-teacher', 'dsl'], policy)).toBe(true);
    const other = { ...policy, missingPupil: { ...mp, leadRole: 'head-of-school', pointOfContactRole: 'office-manager' } };
    expect(resolverRoles(other)).toEqual(['head-of-school', 'headteacher', 'office-manager', 'dsl']);
  });
});

describe('contactsStatus: the policy\'s "contacts exhausted"', () => {
  const attempt = (contactId: string | null, outcome: string, note: string | null = null) => ({ contactId, outcome, note });
  it.each([
    ['no contacts on file', [], [], true],
    ['one of two tried', ['a', 'b'], [attempt('a', 'no-answer')], false],
    ['all tried, nobody answered', ['a', 'b'], [attempt('a', 'no-answer'), attempt('b', 'voicemail')], true],
    ['all tried, reached one who has not heard', ['a', 'b'], [attempt('a', 'reached', reachedNote(false, 'no news')), attempt('b', 'no-answer')], true],
    ['reached one who has heard from the pupil', ['a', 'b'], [attempt('a', 'reached', reachedNote(true, undefined)), attempt('b', 'no-answer')], false],
    ['a call to a contact since removed does not count', ['a'], [attempt(null, 'no-answer'), attempt('x', 'no-answer')], false],
  ] as const)('%s', (_name, ids, attempts, exhausted) => {
    expect(contactsStatus(ids, attempts).exhausted).toBe(exhausted);
  });

  it('keeps the reached contact\'s answer at the start of the note', () => {
    expect(reachedNote(true, '  rang from the bus  ')).toBe('Has heard from the pupil. rang from the bus');
    expect(heardFromPupil({ outcome: 'reached', note: reachedNote(true, undefined) })).toBe(true);
    expect(heardFromPupil({ outcome: 'reached', note: reachedNote(false, 'Has heard from the pupil.') })).toBe(false);
    expect(heardFromPupil({ outcome: 'voicemail', note: 'Has heard from the pupil.' })).toBe(false);
  });
});

describe('followUpTasks', () => {
  const calendar = new SchoolCalendar(policy.calendar);
  const base = {
    policy, calendar, timezone: 'Europe/London', pupilName: 'Amy Brown', pupilFirstName: 'Amy', flags: [] as string[],
    policeCalled: false, policeReference: null, reporter: { id: 'teacher-1', roles: ['class-teacher'] }, className: '3B', classTeacherIds: [] as string[],
  };

  it('asks for parents at once, the teacher\'s form next school day and the head\'s report in five school days', () => {
    const tasks = followUpTasks({ ...base, foundAt: new Date('2026-11-27T14:00:00Z') }); // a Friday
    expect(tasks.map((t) => [t.kind, t.ownerRole, t.ownerStaffId, t.dueAt.toISOString()])).toEqual([
      ['missing.tell-parents', 'office', null, '2026-11-27T14:00:00.000Z'],
      ['missing.incident-form', 'class-teacher', 'teacher-1', '2026-11-30T17:00:00.000Z'],
      ['missing.investigation', 'headteacher', null, '2026-12-04T17:00:00.000Z'],
    ]);
  });

  it('adds agencies for a flagged pupil and the police when they were called; with no class teacher known the form goes to the search lead to pass on', () => {
    const tasks = followUpTasks({ ...base, foundAt: at, flags: ['Social worker'], policeCalled: true, policeReference: 'CAD 9', reporter: { id: 'office-1', roles: ['office'] } });
    expect(tasks.map((t) => t.kind)).toEqual(['missing.tell-parents', 'missing.tell-agencies', 'missing.tell-police', 'missing.incident-form', 'missing.investigation']);
    expect(tasks.find((t) => t.kind === 'missing.tell-agencies')?.ownerRole).toBe('dsl');
    expect(tasks.find((t) => t.kind === 'missing.tell-police')?.title).toBe('Tell the police (reference CAD 9) that Amy has been found');
    const form = tasks.find((t) => t.kind === 'missing.incident-form');
    expect([form?.ownerRole, form?.ownerStaffId, form?.tellStaffIds]).toEqual(['headteacher', null, undefined]);
    expect(form?.title).toBe('Complete the incident form: how Amy Brown went missing (no class teacher of 3B is on the staff list: pass this to them)');
  });

  it('gives the incident form to the pupil\'s class teachers (a job share: both told, the reporter owns it if one of them)', () => {
    const byOffice = followUpTasks({ ...base, foundAt: at, reporter: { id: 'office-1', roles: ['office'] }, classTeacherIds: ['t-mon', 't-thu'] });
    const form = byOffice.find((t) => t.kind === 'missing.incident-form');
    expect([form?.ownerRole, form?.ownerStaffId, form?.tellStaffIds]).toEqual(['class-teacher', 't-mon', ['t-mon', 't-thu']]);
    const byTeacher = followUpTasks({ ...base, foundAt: at, reporter: { id: 't-thu', roles: ['class-teacher'] }, classTeacherIds: ['t-mon', 't-thu'] });
    expect(byTeacher.find((t) => t.kind === 'missing.incident-form')?.ownerStaffId).toBe('t-thu');
  });
});
