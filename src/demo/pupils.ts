// The demo school's roll: 14 classes (Reception to Year 6, two classes each), about 420 pupils with
// realistic shares of SEN, FSM, EAL and the safeguarding flags, each with two emergency contacts.
import type { PupilFlags } from '../rules/vulnerability.js';
import { ADULT_NAMES_F, ADULT_NAMES_M, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from './names.js';
import type { Random } from './random.js';
import { makeUpn } from './upn.js';

export type AttendanceProfile = 'regular' | 'patchy' | 'often-late' | 'severe' | 'holiday' | 'long-illness' | 'missing-education';

export interface DemoPupil extends PupilFlags {
  upn: string;
  firstName: string;
  lastName: string;
  yearGroup: string;
  className: string;
  dateOfBirth: string;
  gender: 'F' | 'M';
  admissionDate: string;
  senStatus: 'N' | 'K' | 'E';
  profile: AttendanceProfile;
}

export const YEAR_GROUPS = ['R', '1', '2', '3', '4', '5', '6'] as const;
const CLASS_SIZE = 30;

/** yearsOld at the start of the 2026-27 school year: Reception pupils are 4 on 1 Sep 2026. */
function birthDate(rnd: Random, yearIndex: number): string {
  const birthYear = 2022 - yearIndex - 1 + (rnd.chance(0.67) ? 0 : 1); // Sep-Dec births belong to the earlier year
  const month = rnd.int(1, 12);
  const y = month >= 9 ? birthYear : birthYear + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
}

export function makePupils(rnd: Random, firstDayOfYear: string): DemoPupil[] {
  const pupils: DemoPupil[] = [];
  let serial = 1;
  YEAR_GROUPS.forEach((year, yearIndex) => {
    for (const letter of ['A', 'B']) {
      const className = `${year}${letter}`;
      for (let i = 0; i < CLASS_SIZE; i++) {
        const gender = rnd.chance(0.5) ? 'F' : 'M';
        const allocated = 2022 - yearIndex + 4; // UPNs are allocated on entry to Reception
        const ehcp = rnd.chance(0.025);
        pupils.push({
          upn: makeUpn(332, 2041, allocated, serial++),
          firstName: rnd.pick(gender === 'F' ? FIRST_NAMES_F : FIRST_NAMES_M),
          lastName: rnd.pick(LAST_NAMES),
          yearGroup: year,
          className,
          dateOfBirth: birthDate(rnd, yearIndex),
          gender,
          admissionDate: year === 'R' ? firstDayOfYear : `${2026 - yearIndex}-09-0${rnd.int(3, 5)}`,
          senStatus: ehcp ? 'E' : rnd.chance(0.13) ? 'K' : 'N',
          ehcp,
          fsm: rnd.chance(0.24),
          eal: rnd.chance(0.2),
          lookedAfter: false,
          childProtectionPlan: false,
          socialWorker: false,
          youngCarer: rnd.chance(0.01),
          profile: 'regular',
        });
      }
    }
  });
  assignProfiles(rnd, pupils);
  return pupils;
}

/** Spread the interesting cases over the school so every workflow has something to show. */
function assignProfiles(rnd: Random, pupils: DemoPupil[]): void {
  const order = pupils.map((_, i) => i).sort(() => rnd.next() - 0.5);
  let next = 0;
  const take = (n: number, apply: (p: DemoPupil) => void) => {
    for (let i = 0; i < n; i++) apply(pupils[order[next++]!]!);
  };
  take(2, (p) => { p.lookedAfter = true; p.socialWorker = true; });
  take(4, (p) => { p.childProtectionPlan = true; p.socialWorker = true; p.profile = 'patchy'; });
  take(6, (p) => { p.socialWorker = true; });
  take(3, (p) => { p.profile = 'severe'; p.fsm = true; });
  take(1, (p) => { p.profile = 'missing-education'; });
  take(2, (p) => { p.profile = 'long-illness'; });
  take(8, (p) => { p.profile = 'holiday'; });
  take(36, (p) => { p.profile = 'patchy'; });
  take(16, (p) => { p.profile = 'often-late'; });
}

export interface DemoContact {
  upn: string;
  priority: number;
  name: string;
  relationship: string;
  phone: string;
  email: string;
  livesWithPupil: boolean;
  parentalResponsibility: boolean;
}

/** Two contacts each, phone numbers from Ofcom's drama range (07700 900000-900999) so none is real. */
export function makeContacts(rnd: Random, pupils: DemoPupil[]): DemoContact[] {
  const contacts: DemoContact[] = [];
  let phone = 0;
  const number = () => `07700 900${String(phone++ % 1000).padStart(3, '0')}`;
  for (const p of pupils) {
    const mother = `${rnd.pick(ADULT_NAMES_F)} ${p.lastName}`;
    const father = `${rnd.pick(ADULT_NAMES_M)} ${rnd.chance(0.8) ? p.lastName : rnd.pick(LAST_NAMES)}`;
    const first = p.lookedAfter ? { name: `${rnd.pick(ADULT_NAMES_F)} ${rnd.pick(LAST_NAMES)}`, relationship: 'Foster carer' } : rnd.chance(0.7) ? { name: mother, relationship: 'Mother' } : { name: father, relationship: 'Father' };
    const second = p.lookedAfter ? { name: 'Hales Valley Children\'s Services', relationship: 'Social worker (LA)' } : first.relationship === 'Mother' ? { name: father, relationship: 'Father' } : rnd.chance(0.5) ? { name: mother, relationship: 'Mother' } : { name: `${rnd.pick(ADULT_NAMES_F)} ${p.lastName}`, relationship: 'Grandparent' };
    [first, second].forEach((c, i) => {
      contacts.push({
        upn: p.upn,
        priority: i + 1,
        name: c.name,
        relationship: c.relationship,
        phone: number(),
        email: `${c.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
        livesWithPupil: i === 0 || c.relationship !== 'Grandparent',
        parentalResponsibility: c.relationship === 'Mother' || c.relationship === 'Father' || c.relationship === 'Social worker (LA)',
      });
    });
  }
  return contacts;
}
