import { describe, expect, it } from 'vitest';
import { caseRow } from '../../../src/workflows/unexplained/list-message.js';
import { pupilName } from '../../../src/core/pupil-names.js';
import { concernLabel, contactLine, reasonLabel } from '../../../src/workflows/unexplained/privacy.js';
import { vulnerabilityOf } from '../../../src/rules/vulnerability.js';
import { CONTACTS, caseView, preset, withPrivacy } from './fixtures.js';

const lutley = preset('lutley');
const kai = { firstName: 'Kai', lastName: 'Reed', preferredName: null };
const cp = vulnerabilityOf({ childProtectionPlan: true, lookedAfter: false, socialWorker: true, ehcp: false, senStatus: 'N' });

describe('what a channel may say about a pupil', () => {
  it.each([
    ['minimal', 'channel', 'K.R.', null],
    ['standard', 'channel', 'Kai Reed', 'priority'],
    ['full', 'channel', 'Kai Reed', 'CP plan, Social worker'],
    ['minimal', 'private', 'Kai Reed', 'CP plan, Social worker'],
    ['standard', 'private', 'Kai Reed', 'CP plan, Social worker'],
  ] as const)('%s level, %s: name %j, concern %j', (level, audience, name, concern) => {
    const policy = withPrivacy(lutley, level);
    expect(pupilName(kai, audience, policy.privacy)).toBe(name);
    expect(concernLabel(policy, cp, audience)).toBe(concern);
  });

  it('never marks a pupil without flags', () => {
    expect(concernLabel(withPrivacy(lutley, 'full'), vulnerabilityOf({ childProtectionPlan: false, lookedAfter: false, socialWorker: false, ehcp: false, senStatus: 'N' }), 'channel')).toBeNull();
  });

  it.each([
    ['private-only', 'channel', '1. Jane Brown (Mother)'],
    ['private-only', 'private', '1. Jane Brown (Mother) 07700 900001, jane@example.org'],
    ['any', 'channel', '1. Jane Brown (Mother) 07700 900001, jane@example.org'],
    ['never', 'private', '1. Jane Brown (Mother)'],
  ] as const)('contact details %s, %s: %j', (where, audience, line) => {
    expect(contactLine(withPrivacy(lutley, 'standard', where), CONTACTS[0]!, audience)).toBe(line);
  });

  it.each([
    ['minimal', 'channel', 'reason recorded'],
    ['standard', 'channel', 'authorised absence'],
    ['full', 'channel', 'authorised absence'],
    ['minimal', 'private', 'I (illness (physical or mental))'],
  ] as const)('a resolved reason at %s in %s reads %j', (level, audience, text) => {
    expect(reasonLabel(withPrivacy(lutley, level), 'I', '2026-11-23', audience)).toBe(text);
  });
});

describe('a list row', () => {
  it('shows contacts in the channel only when the policy allows them anywhere', () => {
    const contacts = new Map([['p1', CONTACTS]]);
    const privateOnly = caseRow(withPrivacy(lutley, 'standard'), caseView(), { audience: 'channel', contacts });
    const anywhere = caseRow(withPrivacy(lutley, 'standard', 'any'), caseView(), { audience: 'channel', contacts });
    expect(privateOnly.text).not.toContain('07700');
    expect(anywhere.text).toContain('Contacts: 1. Jane Brown (Mother) 07700 900001');
  });

  it('drops the buttons and the next step once resolved, and the claim button once claimed', () => {
    const resolved = caseRow(lutley, caseView({ status: 'resolved', resolved: { code: 'M', note: 'secret note', byName: 'Clare Fell', at: new Date('2026-11-23T10:02:00Z') } }), { audience: 'channel' });
    expect(resolved.controls).toBeUndefined();
    expect(resolved.text).toContain('Resolved: authorised absence, by Clare Fell at 10:02');
    expect(resolved.text).not.toContain('secret note');
    const claimed = caseRow(lutley, caseView({ claimedBy: { id: 's2', name: 'Clare Fell' } }), { audience: 'channel' });
    expect(claimed.controls?.map((c) => c.actionId)).toEqual(['unexplained.log-call', 'unexplained.reason']);
    expect(claimed.text).toContain('Claimed by Clare Fell');
  });
});
