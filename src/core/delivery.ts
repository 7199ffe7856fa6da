// What the outbox calls to deliver one message: the platform's port, the conversation the school's
// binding allows (ChatPort.route: its own workspace or team, never another school's), then the call.
// Failures are tagged with their platform so that platform's adapter classifies them.
import type { ChatMessage, Platform } from '../chat/model.js';
import { NotConnectedYet, type ChatPort, type PlatformScope, type SendOptions } from '../chat/port.js';
import type { ClassifiedError, OutboxDelivery } from '../jobs/index.js';
import type { OutboxPayload } from './notifier.js';

// Delivery outcomes for classifyDeliveryFailure below, not a person's errors.
export class PortNotReady extends Error {}

/** A delivery failure tagged with its platform, so the right adapter classifies it (429, 5xx...). */
export class PlatformFailure extends Error {
  constructor(readonly platform: Platform, readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

export type ScopeOf = (schoolId: string, platform: Platform) => Promise<PlatformScope>;

export async function deliverMessage(ports: ReadonlyMap<Platform, ChatPort>, scopeOf: ScopeOf, m: OutboxDelivery) {
  const platform = m.platform as Platform;
  const port = ports.get(platform);
  if (!port) throw new PortNotReady(m.platform);
  try {
    return await deliverOn(port, () => scopeOf(m.schoolId, platform), m);
  } catch (error) {
    throw new PlatformFailure(platform, error);
  }
}

async function deliverOn(port: ChatPort, scope: () => Promise<PlatformScope>, m: OutboxDelivery) {
  const payload = m.payload as unknown as OutboxPayload;
  const message = 'message' in payload ? (payload.message as ChatMessage) : undefined;
  const channel = async () => (port.route ? (await port.route(await scope(), { channel: m.channel })).channel : m.channel);
  // Any earlier attempt that failed may have landed (accepted, then a 500): the port looks before reposting.
  const once: SendOptions = { deliveryKey: m.key, mayHaveLanded: m.attempt > 1 };
  switch (m.op) {
    case 'post':
      return port.post(await channel(), message!, m.thread ? { ...once, threadRef: m.thread.externalId } : once);
    case 'update':
      // No target: the message it updates was never posted (its post died), so this is posted instead.
      return m.target
        ? port.update(m.target.channel, m.target.externalId, message!, { ...once, ...(m.target.pageDigests ? { shown: m.target.pageDigests } : {}) })
        : port.post(await channel(), message!, once);
    case 'dm': {
      if (!port.route) return port.dm(m.channel, message!, once);
      const chat = await port.route(await scope(), { user: m.channel });
      return port.post(chat.channel, message!, once);
    }
    case 'ephemeral':
      await port.postEphemeral(m.channel, m.channel, message!);
      return {};
    case 'upload': {
      if (!('file' in payload)) throw new Error(`upload ${m.key} has no file`);
      const { fileId } = await port.uploadFile(await channel(), {
        filename: payload.file.filename, title: payload.file.title, bytes: Buffer.from(payload.file.base64, 'base64'),
        ...(m.thread ? { threadRef: m.thread.externalId } : {}),
      });
      return { externalId: fileId };
    }
  }
}

export function classifyDeliveryFailure(ports: ReadonlyMap<Platform, ChatPort>, err: unknown): ClassifiedError {
  if (err instanceof PortNotReady) return { retryable: true, retryAfterMs: 1000, reason: 'platform not connected yet' };
  if (!(err instanceof PlatformFailure)) return { retryable: false, reason: String(err) };
  if (err.original instanceof NotConnectedYet) return { retryable: true, held: true, reason: err.original.reason };
  const port = ports.get(err.platform);
  return port ? port.classifyError(err.original) : { retryable: false, reason: String(err.original) };
}
