// Files without SharePoint: a bot cannot upload into a channel's Files tab without Microsoft Graph, so
// an image (the digest chart) goes inline, as an Adaptive Card Image with a data: URL when it fits the
// card budget, else as an inline image attachment; any other file goes as a data: attachment, which
// Teams shows as a named attachment (clients may not open it: prefer images or links for documents).

import type { FileUpload } from '../port.js';
import { TEAMS_LIMITS as L, jsonBytes, truncate } from './limits.js';
import { cardAttachment, type AdaptiveCard } from './render.js';
import type { OutgoingActivity } from './sender.js';

const SIGNATURES: [string, number[]][] = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
];

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function contentTypeOf(file: Pick<FileUpload, 'filename' | 'bytes'>): string {
  const image = SIGNATURES.find(([, sig]) => sig.every((b, i) => file.bytes[i] === b));
  if (image) return image[0];
  const ext = file.filename.split('.').pop()?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? 'application/octet-stream';
}

export function dataUrl(contentType: string, bytes: Uint8Array): string {
  return `data:${contentType};base64,${Buffer.from(bytes).toString('base64')}`;
}

function imageCard(title: string, url: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: title,
    body: [
      { type: 'TextBlock', text: truncate(title, 200), weight: 'Bolder', wrap: true },
      { type: 'Image', url, altText: truncate(title, 200), msteams: { allowExpand: true } },
    ],
    msteams: { width: 'Full' },
  };
}

export function fileActivity(file: FileUpload): OutgoingActivity {
  const contentType = contentTypeOf(file);
  const url = dataUrl(contentType, file.bytes);
  if (contentType.startsWith('image/')) {
    const card = imageCard(file.title, url);
    if (jsonBytes(card) <= L.cardBytes) return { type: 'message', summary: file.title, attachments: [cardAttachment(card)] };
  }
  return { type: 'message', summary: file.title, text: file.title, attachments: [{ contentType, contentUrl: url, name: file.filename }] };
}
