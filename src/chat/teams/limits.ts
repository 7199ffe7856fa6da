// Teams' limits for bot messages and Adaptive Cards in one place. Teams refuses a message whose payload
// passes about 28 KB (413 RequestEntityTooLarge), so a long list is split into several cards, each kept
// under a byte budget that leaves room for the activity around the card.

export const TEAMS_LIMITS = {
  /** JSON bytes of one card's body; Teams' ceiling for the whole activity is ~28 KB. */
  cardBytes: 24_000,
  /** Bytes reserved for the "(continued)" / "Page N of M" labels of a paginated message. */
  labelBytes: 600,
  /** Buttons per ActionSet: Teams shows at most six actions in a row before overflowing. */
  actionsPerSet: 6,
  /** Facts per FactSet before a new one starts (keeps pages fine-grained). */
  factsPerSet: 20,
  buttonTitle: 75,
  headerText: 150,
  choiceTitle: 75,
  choices: 100,
  placeholder: 150,
  /** Action.Execute data is carried in the card: ids, not payloads. */
  actionValue: 2_000,
  verb: 255,
  modalMetadata: 3_000,
  textInput: 3_000,
  /** Inline images in cards (data: URLs): Teams wants them under 1 MB; the card budget is what binds. */
  inlineImageBytes: 1_000_000,
} as const;

// Adapters re-export the core's text measuring so their renderers import limits from one place.
export { charLength, truncate } from '../text.js';

/** UTF-8 bytes of a value as it goes over the wire. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
