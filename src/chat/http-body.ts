// Reading a request body on plain node:http with a size cap, for the endpoints that do not sit behind a
// framework (Teams' /api/messages, the local page's forms, the register import): a body past the cap is
// refused as soon as it is declared or read that far, never buffered whole.
import type { IncomingMessage } from 'node:http';

/** Control flow inside an HTTP listener: each one answers it with its own 413. */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the request body is larger than ${maxBytes} bytes`);
  }
}

export async function readBoundedBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw new BodyTooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBytes) throw new BodyTooLarge(maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
