import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/policy/schema.js';
import { homeVisitReason, needsSeparateHomeVisitCheck } from '../../../src/workflows/unexplained/home-visit.js';
import { HOME_VISIT_CHECK } from '../../../src/workflows/unexplained/keys.js';
import { stepsToArm } from '../../../src/workflows/unexplained/schedule-steps.js';
import { decideStep, recipientsFor, stepById } from '../../../src/workflows/unexplained/step-decision.js';
import { CONTACTS, caseView, preset } from './fixtures.js';

const lutley = preset('lutley');
const micklefield = preset('micklefield');
const step = (policy: Policy, id: string) => {
  const found = stepById(policy, id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};
const attempt = (contactId: string | null, outcome = 'no-answer') => ({
  id: `a-${contactId}`, outcome, at: new Date('2026-11-23T09:40:00Z'), byName: 'Clare Fell', note: null,
  contact: CONTACTS.find((c) => c.id === contactId) ?? null,
});

describe('which steps a new case arms', () => {
  it.each([
    ['day 1, no flags', { dayOfAbsence: 1, vulnerable: false, socialWorker: false }, ['call-parent', 'call-other-numbers', 'email-parent']],
    ['day 1, social worker', { dayOfAbsence: 1, vulnerable: true, socialWorker: true }, ['call-parent', 'call-other-numbers', 'tell-social-worker', 'tell-dsl', 'email-parent']],
    ['day 2, no flags', { dayOfAbsence: 2, vulnerable: false, socialWorker: false }, ['call-parent', 'call-other-numbers', 'email-parent', 'home-visit', 'police-check']],
  ])('%s', (_, facts, ids) => {
    expect(stepsToArm(lutley, { ...facts, stepsDone: new Set() }).map((s) => s.id)).toEqual(ids);
  });

  it('leaves out steps already taken in the absence run', () => {
    expect(stepsToArm(lutley, { dayOfAbsence: 2, vulnerable: false, socialWorker: false, stepsDone: new Set(['call-parent', 'email-parent']) }).map((s) => s.id))
      .toEqual(['call-other-numbers', 'home-visit', 'police-check']);
  });
});

describe('what a due step does', () => {
  it('nudges the first call only while nobody has tried', () => {
    expect(decideStep(lutley, caseView(), step(lutley, 'call-parent'), CONTACTS)).toMatchObject({ contact: { name: 'Jane Brown' } });
    expect(decideStep(lutley, caseView({ attempts: [attempt('c1')] }), step(lutley, 'call-parent'), CONTACTS)).toBeNull();
  });

  it.each([
    ['nobody tried yet', [], 'Tom Brown'],
    ['the father already tried', [attempt('c2')], 'Ann Lee'],
    ['an attempt without a contact', [attempt(null)], 'Tom Brown'],
  ])('next contact when %s: %s', (_, attempts, name) => {
    expect(decideStep(lutley, caseView({ attempts }), step(lutley, 'call-other-numbers'), CONTACTS)?.contact?.name).toBe(name);
  });

  it('says every contact was tried when none is left', () => {
    expect(decideStep(lutley, caseView({ attempts: [attempt('c2'), attempt('c3')] }), step(lutley, 'call-other-numbers'), CONTACTS)).toMatchObject({ contact: null });
  });

  it.each(['call-other-numbers', 'email-parent', 'home-visit'])('stops %s once a parent is reached', (id) => {
    expect(decideStep(lutley, caseView({ contactMade: true, dayOfAbsence: 2 }), step(lutley, id), CONTACTS)).toBeNull();
  });

  it('keeps telling the social worker after contact (safeguarding steps do not stop)', () => {
    const sw = caseView({ contactMade: true, flags: { socialWorker: true } });
    expect(decideStep(lutley, sw, step(lutley, 'tell-social-worker'), CONTACTS)).not.toBeNull();
  });

  it.each([
    ['a first day with no contact', 1, false, false],
    ['a second day with no contact', 2, false, true],
  ])('prompts the police check on %s: %s', (_, day, contactMade, expected) => {
    expect(decideStep(lutley, caseView({ dayOfAbsence: day, contactMade }), step(lutley, 'police-check'), CONTACTS) !== null).toBe(expected);
  });

  it('does nothing for a resolved case or a step already taken', () => {
    expect(decideStep(lutley, caseView({ status: 'resolved' }), step(lutley, 'call-parent'), CONTACTS)).toBeNull();
    expect(decideStep(lutley, caseView({ stepsDone: new Set(['call-parent']) }), step(lutley, 'call-parent'), CONTACTS)).toBeNull();
  });

  it('sends calls to the claimant, the DSL step to the safeguarding roles, the rest to the owner role', () => {
    const claimed = caseView({ claimedBy: { id: 'staff-2', name: 'Anita Shah' } });
    expect(recipientsFor(lutley, claimed, step(lutley, 'call-parent'))).toEqual({ staffIds: ['staff-2'] });
    expect(recipientsFor(lutley, caseView(), step(lutley, 'call-parent'))).toEqual({ roles: ['office'] });
    expect(recipientsFor(lutley, claimed, step(lutley, 'tell-dsl'))).toEqual({ roles: ['dsl'] });
    expect(recipientsFor(lutley, claimed, step(lutley, 'home-visit'))).toEqual({ roles: ['attendance-officer'] });
  });
});

describe('home-visit triggers', () => {
  it.each([
    ['3 consecutive days', { dayOfAbsence: 3, contactMade: true, vulnerable: false }, '3 consecutive days absent'],
    ['no contact', { dayOfAbsence: 1, contactMade: false, vulnerable: false }, 'no contact with a parent or carer'],
    ['a vulnerable pupil', { dayOfAbsence: 1, contactMade: true, vulnerable: true }, 'a vulnerable pupil absent without explanation'],
    ['none met', { dayOfAbsence: 2, contactMade: true, vulnerable: false }, null],
  ])('Micklefield: %s', (_, facts, reason) => {
    expect(homeVisitReason(micklefield, facts)).toBe(reason);
  });

  it('lets the ladder\'s day-1 home-visit step fire for a vulnerable pupil even after contact (Micklefield)', () => {
    const vulnerable = caseView({ contactMade: true, flags: { lookedAfter: true } });
    expect(decideStep(micklefield, vulnerable, step(micklefield, 'home-visit'), CONTACTS)).toMatchObject({ reason: 'a vulnerable pupil absent without explanation' });
  });

  it('needs a separate check only when the ladder has no home-visit step but triggers exist', () => {
    const noStep = preset('lutley', (p) => ({ ...p, firstDay: { ...p.firstDay, ladder: p.firstDay.ladder.filter((s) => s.action !== 'home-visit') } }));
    expect(needsSeparateHomeVisitCheck(lutley)).toBe(false);
    expect(needsSeparateHomeVisitCheck(noStep)).toBe(true);
    expect(needsSeparateHomeVisitCheck(preset('inspire'))).toBe(false);
    const check = step(noStep, HOME_VISIT_CHECK);
    expect(decideStep(noStep, caseView(), check, CONTACTS)).toMatchObject({ reason: 'no contact with a parent or carer' });
    expect(decideStep(noStep, caseView({ contactMade: true }), check, CONTACTS)).toBeNull();
  });
});
