// Reading a form submission back: the carried form (checked against its signature, since it comes
// from the client) and the submitted input values, which Teams merges into the action's data.

import { z } from 'zod';
import type { Block, Modal } from '../../model.js';
import { FORM_DATA_KEY } from '../render.js';
import type { FormSigner } from '../form-signing.js';

const option = z.object({ label: z.string(), value: z.string() });
// The signature is checked first, so the intro is Rollcall's own blocks and only needs to be objects.
const introBlock = z.custom<Block>((v) => v !== null && typeof v === 'object' && 'kind' in v);
const textInput = {
  id: z.string(),
  label: z.string(),
  placeholder: z.string().optional(),
  initialValue: z.string().optional(),
  optional: z.boolean().optional(),
  maxLength: z.number().optional(),
};
const input = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), ...textInput }),
  z.object({ kind: z.literal('multiline'), ...textInput }),
  z.object({ kind: z.literal('select'), id: z.string(), label: z.string(), options: z.array(option), initialValue: z.string().optional(), optional: z.boolean().optional() }),
]);
const ModalSchema = z.object({
  callbackId: z.string(),
  title: z.string(),
  submitLabel: z.string(),
  closeLabel: z.string().optional(),
  intro: z.array(introBlock).optional(),
  inputs: z.array(input),
  privateMetadata: z.string().optional(),
});

export interface CarriedForm {
  form: Modal;
  posted: boolean;
}

/** The form a submit carries, or undefined when it is missing, malformed or tampered with. */
export function readCarriedForm(data: Record<string, unknown>, signer: FormSigner): CarriedForm | undefined {
  const carried = data[FORM_DATA_KEY];
  if (carried === null || typeof carried !== 'object' || !('form' in carried) || !('posted' in carried) || !('sig' in carried)) return undefined;
  if (typeof carried.posted !== 'boolean' || !signer.verify({ form: carried.form, posted: carried.posted }, carried.sig)) return undefined;
  const form = ModalSchema.safeParse(carried.form);
  return form.success ? { form: form.data, posted: carried.posted } : undefined;
}

/** Input id -> submitted value; an empty input is undefined, as in a Slack modal. */
export function submittedValues(form: Modal, data: Record<string, unknown>): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const i of form.inputs) {
    const raw = data[i.id];
    const value = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    values[i.id] = value === '' ? undefined : value;
  }
  return values;
}

/** The value a card press carries: a button's value, or the choice of the select it applies. */
export function controlValue(data: Record<string, unknown>): string {
  if (typeof data['value'] === 'string') return data['value'];
  const inputId = data['input'];
  const chosen = typeof inputId === 'string' ? data[inputId] : undefined;
  return typeof chosen === 'string' ? chosen : '';
}
