// Files without SharePoint: a bot cannot upload into a channel's Files tab without Microsoft Graph, so
// an image (the digest chart) goes inline, as an Adaptive Card Image with a data: URL when it fits the
// card budget, else as an inline image attachment; any other file goes as a data: attachment, which
// Teams shows as a named attachment (clients may not open it: prefer images or links for documents).
// A PNG too big for a Teams message (~28 KB with the card around it; the digest chart is ~47 KB) is
// scaled down until its card fits, rather than refused by Teams.

import { Resvg } from '@resvg/resvg-js';
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

/** Narrowest a chart is scaled to: below this its labels stop being readable. */
const MIN_IMAGE_WIDTH = 400;

function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24) return undefined;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

/** The image as given, then (PNG only) ever smaller copies, each 80% of the width before. */
function* imageSizes(bytes: Uint8Array, contentType: string): Generator<Uint8Array> {
  yield bytes;
  const size = contentType === 'image/png' ? pngSize(bytes) : undefined;
  if (!size) return;
  const href = dataUrl(contentType, bytes);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}"><image width="${size.width}" height="${size.height}" href="${href}"/></svg>`;
  for (let width = Math.floor(size.width * 0.8); width >= MIN_IMAGE_WIDTH; width = Math.floor(width * 0.8)) {
    yield new Uint8Array(new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().asPng());
  }
}

export function fileActivity(file: FileUpload): OutgoingActivity {
  const contentType = contentTypeOf(file);
  let bytes = file.bytes;
  if (contentType.startsWith('image/')) {
    for (const sized of imageSizes(file.bytes, contentType)) {
      bytes = sized;
      const card = imageCard(file.title, dataUrl(contentType, sized));
      if (jsonBytes(card) <= L.cardBytes) return { type: 'message', summary: file.title, attachments: [cardAttachment(card)] };
    }
  }
  return { type: 'message', summary: file.title, text: file.title, attachments: [{ contentType, contentUrl: dataUrl(contentType, bytes), name: file.filename }] };
}
