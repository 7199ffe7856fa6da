// The Teams SDK logs through its own ILogger (by default to the console, info and up, with whole
// activities at debug). Rollcall's logs name interactions and ids, never message contents, so only the
// SDK's warnings and errors are passed on, as a message and the error's name and text.

import type { ILogger, LogLevel } from '@microsoft/teams.common';
import type { ChatLogger } from '../router.js';

function describe(parts: readonly unknown[]): { message: string; detail: Record<string, unknown> } {
  const words = parts.filter((p): p is string => typeof p === 'string');
  const error = parts.find((p): p is Error => p instanceof Error);
  return { message: words.join(' ') || error?.message || 'Teams SDK', detail: error ? { error: `${error.name}: ${error.message}` } : {} };
}

export function sdkLogger(logger: ChatLogger): ILogger {
  const log = (level: LogLevel, ...msg: unknown[]): void => {
    if (level !== 'warn' && level !== 'error') return;
    const { message, detail } = describe(msg);
    logger[level](`Teams SDK: ${message}`, detail);
  };
  const self: ILogger = {
    debug: () => undefined,
    info: () => undefined,
    trace: () => undefined,
    warn: (...msg: unknown[]) => log('warn', ...msg),
    error: (...msg: unknown[]) => log('error', ...msg),
    log,
    child: () => self,
  };
  return self;
}
