// The short forms behind the buttons: where the pupil was found and how they are, a search area to add,
// what a parent said when reached, and the police reference. Few fields, plain labels.
import { text, type Modal } from '../../chat/model.js';
import { VIEW } from './ids.js';
import { WELLBEING, WELLBEING_VALUES } from './rules.js';

const wellbeingOptions = WELLBEING_VALUES.map((value) => ({ label: WELLBEING[value], value }));

export function foundModal(incidentId: string, pupil: string, where?: string): Modal {
  return {
    callbackId: VIEW.found, title: 'Pupil found', submitLabel: 'Record found', privateMetadata: incidentId,
    intro: [text(`**${pupil}** has been found. This stops the search and the parent countdown.`)],
    inputs: [
      { kind: 'text', id: 'where', label: `Where was ${pupil} found?`, maxLength: 200, ...(where ? { initialValue: where } : {}) },
      { kind: 'select', id: 'wellbeing', label: `How is ${pupil}?`, options: wellbeingOptions },
      { kind: 'multiline', id: 'notes', label: 'Anything else (optional)', optional: true, maxLength: 1000 },
    ],
  };
}

export function reportModal(): Modal {
  return {
    callbackId: VIEW.report, title: 'Report missing pupil', submitLabel: 'Start search',
    intro: [text('This starts the search and tells the head and the office at once.')],
    inputs: [
      { kind: 'text', id: 'pupil', label: 'Pupil name or UPN', placeholder: 'e.g. Amy Brown', maxLength: 100 },
      { kind: 'text', id: 'lastSeen', label: 'Where and when last seen (optional)', optional: true, maxLength: 300 },
    ],
  };
}

export function wellbeingModal(incidentId: string, pupil: string): Modal {
  return {
    callbackId: VIEW.wellbeing, title: 'Wellbeing check', submitLabel: 'Record', privateMetadata: incidentId,
    inputs: [
      { kind: 'select', id: 'wellbeing', label: `How is ${pupil}?`, options: wellbeingOptions },
      { kind: 'multiline', id: 'notes', label: 'Anything else (optional)', optional: true, maxLength: 1000 },
    ],
  };
}

export function addAreaModal(incidentId: string): Modal {
  return {
    callbackId: VIEW.addArea, title: 'Add search area', submitLabel: 'Add', privateMetadata: incidentId,
    inputs: [{ kind: 'text', id: 'name', label: 'Area to search', placeholder: 'e.g. Staff car park', maxLength: 100 }],
  };
}

export function reachedModal(value: string, contact: string, pupil: string): Modal {
  return {
    callbackId: VIEW.reached, title: 'Call answered', submitLabel: 'Record', privateMetadata: value,
    intro: [text(`You reached **${contact}**.`)],
    inputs: [
      { kind: 'select', id: 'heard', label: `Have they heard from ${pupil}?`, options: [{ label: 'No', value: 'no' }, { label: 'Yes', value: 'yes' }] },
      { kind: 'multiline', id: 'note', label: 'What did they say? (optional)', optional: true, maxLength: 1000 },
    ],
  };
}

export function policeModal(incidentId: string): Modal {
  return {
    callbackId: VIEW.police, title: 'Police called', submitLabel: 'Record', privateMetadata: incidentId,
    inputs: [
      { kind: 'text', id: 'reference', label: 'Police reference', placeholder: 'The incident number the police gave', maxLength: 100 },
      { kind: 'text', id: 'time', label: 'Time of the call, HH:MM (leave empty for now)', optional: true, maxLength: 5 },
    ],
  };
}
