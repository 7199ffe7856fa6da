// Slack's Block Kit limits in one place (documented ones, plus the undocumented ~13k total that
// answers msg_blocks_too_long). Rendering keeps under them instead of letting Slack reject a post.

export const SLACK_LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100, // modals and App Home
  /** Budget for all text in one message's blocks; Slack's real ceiling is ~13,000. */
  messageChars: 12_000,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  headerText: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  fallbackText: 3_000,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2_000,
  privateMetadata: 3_000,
  plainTextInput: 3_000,
} as const;

// Adapters re-export the core's text measuring so their renderers import limits from one place.
export { charLength, truncate } from '../text.js';
