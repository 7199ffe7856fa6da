// The card and alerts under each privacy level, and the card's states (searching, parents to call,
// police to call, found): what a frightened adult sees and which buttons they get.
import { describe, expect, it } from 'vitest';
import type { Block, ChatMessage } from '../../../src/chat/model.js';
import type { EmergencyContact, MissingPupilIncident, Pupil, SearchArea } from '../../../src/db/generated/client.js';
import { loadPolicyFile } from '../../../src/policy/load.js';
import type { Policy } from '../../../src/policy/schema.js';
import { parentAlertMessage, raisedDm } from '../../../src/workflows/missing/alerts.js';
import { incidentCard } from '../../../src/workflows/missing/card.js';
import { ACTION } from '../../../src/workflows/missing/ids.js';
import { pupilName } from '../../../src/core/pupil-names.js';
import { contactLabel, flagsLine } from '../../../src/workflows/missing/privacy.js';
import type { IncidentSnapshot } from '../../../src/workflows/missing/snapshot.js';

const loaded = loadPolicyFile('policies/st-lukes-cofe.yaml');
if (!loaded.ok) throw new Error('st-lukes policy does not load');
const base: Policy = loaded.policy;
const withPrivacy = (level: Policy['privacy']['level'], contactDetailsIn: Policy['privacy']['contactDetailsIn'] = 'private-only'): Policy => ({ ...base, privacy: { level, contactDetailsIn } });
const t = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);

const pupil: Pupil = {
  id: 'p1', schoolId: 's1', upn: 'A1', firstName: 'Benjamin', lastName: 'Carter', preferredName: 'Ben', yearGroup: '4', className: '4B',
  dateOfBirth: null, gender: null, admissionDate: t('00:00'), leavingDate: null, senStatus: 'K', ehcp: false, fsm: false, eal: false,
  lookedAfter: true, childProtectionPlan: false, socialWorker: false, youngCarer: false, createdAt: t('00:00'), updatedAt: t('00:00'),
};
const incident: MissingPupilIncident = {
  id: 'i1', schoolId: 's1', pupilId: 'p1', number: 7, status: 'searching', lastSeen: 'the field', reportedBy: 'st1', reportedAt: t('10:30'),
  classCoverBy: null, classCoverAt: null, parentDeadlineAt: t('10:40'), parentAlertAt: null, policePromptAt: null, policeCalledAt: null,
  policeReference: null, foundAt: null, foundWhere: null, foundBy: null, wellbeing: null, updatedAt: t('10:30'),
};
const area = (id: string, name: string, status: string, by: string | null = null): SearchArea => ({
  id, incidentId: 'i1', name, position: Number(id.slice(1)), status, claimedBy: by, claimedAt: by ? t('10:31') : null,
  clearedBy: status === 'clear' ? by : null, clearedAt: status === 'clear' ? t('10:33') : null,
});
const contact = (id: string, priority: number, name: string, phone: string): EmergencyContact => ({
  id, schoolId: 's1', pupilId: 'p1', priority, name, relationship: priority === 1 ? 'Mum' : 'Dad', phone, email: null, livesWithPupil: true, parentalResponsibility: true, updatedAt: t('00:00'),
});

function snapshot(over: Partial<MissingPupilIncident> = {}): IncidentSnapshot {
  return {
    incident: { ...incident, ...over }, pupil,
    areas: [area('a0', 'All classrooms', 'clear', 'st2'), area('a1', 'All toilets', 'claimed', 'st2'), area('a2', 'The library', 'unsearched')],
    contacts: [contact('c1', 1, 'Sue Carter', '07700 900011'), contact('c2', 2, 'Dan Carter', '07700 900012')],
    attempts: [], tasks: [], events: [],
    staffNames: new Map([['st1', 'Ms Hart'], ['st2', 'Mrs Fell']]), leads: ['Mr Okafor'], pointsOfContact: ['Mrs Fell'],
  };
}

const json = (m: ChatMessage) => JSON.stringify(m);
const buttons = (m: ChatMessage, actionId: string) =>
  m.blocks.flatMap((b: Block) => (b.kind === 'actions' ? b.controls : b.kind === 'list' ? b.rows.flatMap((r) => r.controls ?? []) : [])).filter((c) => c.actionId === actionId);

describe('privacy on the card', () => {
  it.each([
    ['minimal', 'B.C.', false, false],
    ['standard', 'Ben Carter', true, false],
    ['full', 'Ben Carter', true, true],
  ] as const)('%s: shows %s; priority %s; flags named %s', (level, name, priority, named) => {
    const card = json(incidentCard(snapshot(), { timezone: 'Europe/London', policy: withPrivacy(level) }));
    expect(card).toContain(`MISSING: ${name} (Year 4, 4B)`);
    expect(card.includes('Also told: DSL, SENCO')).toBe(priority);
    expect(card.includes('Looked after')).toBe(named);
    if (level === 'minimal') expect(card).not.toContain('Carter');
  });

  it('names the flags in private messages at every level', () => {
    expect(json(raisedDm(snapshot(), { timezone: 'Europe/London', policy: withPrivacy('minimal') }))).toContain('Looked after, SEND (SEN support)');
    expect(flagsLine(['Looked after'], [], 'private', withPrivacy('minimal').privacy)).toBe('**Flags:** Looked after.');
    expect(pupilName(pupil, 'private', withPrivacy('minimal').privacy)).toBe('Ben Carter');
  });

  it.each([
    ['private-only', 'channel', false],
    ['private-only', 'private', true],
    ['any', 'channel', true],
    ['never', 'private', false],
  ] as const)('contact numbers with contactDetailsIn %s in a %s message: %s', (where, audience, shown) => {
    const label = contactLabel({ priority: 1, name: 'Sue Carter', relationship: 'Mum', phone: '07700 900011' }, audience, withPrivacy('standard', where).privacy);
    expect(label.includes('07700 900011')).toBe(shown);
    expect(label).toContain('Sue Carter (Mum)');
  });
});

describe('the card through an incident', () => {
  const school = { timezone: 'Europe/London', policy: withPrivacy('standard') };

  it('while searching: deadline as a time of day, one button per area state, Found and class cover', () => {
    const card = incidentCard(snapshot(), school);
    expect(json(card)).toContain('Tell parents at 10:40');
    expect(json(card)).toContain('Search: 1 of 3 clear');
    expect(json(card)).toContain('Mrs Fell is searching');
    expect(buttons(card, ACTION.claim).map((b) => b.kind === 'button' && b.value)).toEqual(['a2']);
    expect(buttons(card, ACTION.clear)).toHaveLength(2);
    expect(buttons(card, ACTION.found)).toHaveLength(1);
    expect(buttons(card, ACTION.cover)).toHaveLength(1);
    expect(buttons(card, ACTION.police)).toHaveLength(0);
    expect(card.summary).toBe('MISSING: Ben Carter. Tell parents at 10:40 if not found.');
  });

  it('after the deadline: parents first, then the police, with a button to record the call', () => {
    const s = snapshot({ parentAlertAt: t('10:40') });
    s.attempts = [{ id: 'x', schoolId: 's1', pupilId: 'p1', caseId: null, incidentId: 'i1', contactId: 'c1', outcome: 'no-answer', note: null, at: t('10:41'), byStaffId: 'st2' }];
    expect(json(incidentCard(s, school))).toContain('Call parents now.** 1 of 2 emergency contacts tried');
    const alert = parentAlertMessage(s, school, 'channel');
    expect(json(alert)).toContain('No answer (Mrs Fell, 10:41)');
    expect(json(alert).indexOf('Sue Carter')).toBeLessThan(json(alert).indexOf('Dan Carter'));
    expect(buttons(alert, ACTION.reached)).toHaveLength(2);
    const prompted = incidentCard({ ...s, incident: { ...s.incident, policePromptAt: t('10:43') } }, school);
    expect(json(prompted)).toContain('Call the police now (999)');
    expect(buttons(prompted, ACTION.police)).toHaveLength(1);
  });

  it('once found: no search buttons, the wellbeing check offered until recorded', () => {
    const found = incidentCard(snapshot({ status: 'found', foundAt: t('10:36'), foundWhere: 'the library', foundBy: 'st2' }), school);
    expect(json(found)).toContain('FOUND: Ben Carter');
    expect(json(found)).toContain('Found at 10:36** (the library) by Mrs Fell');
    for (const id of [ACTION.claim, ACTION.clear, ACTION.found, ACTION.addArea, ACTION.cover]) expect(buttons(found, id)).toHaveLength(0);
    expect(buttons(found, ACTION.wellbeing)).toHaveLength(1);
    expect(buttons(found, ACTION.exportReport)).toHaveLength(1);
    const checked = incidentCard(snapshot({ status: 'found', foundAt: t('10:36'), foundWhere: 'the library', foundBy: 'st2', wellbeing: 'safe-and-well' }), school);
    expect(buttons(checked, ACTION.wellbeing)).toHaveLength(0);
    expect(json(checked)).toContain('Wellbeing: Safe and well');
  });
});
