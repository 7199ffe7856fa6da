// Local mode in one call, for `npm start` without chat credentials: a terminal session and/or the
// localhost page over one in-memory port, driving the given router as the given local user.

import type { StaffDirectory } from '../port.js';
import type { ChatRouter } from '../router.js';
import { LocalChatPort, type LocalPortOptions } from './port.js';
import { LocalChat } from './session.js';
import { runTerminal, type TerminalOptions } from './terminal.js';
import { startLocalWeb, type LocalWeb } from './web.js';

export interface LocalModeOptions extends LocalPortOptions {
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  schoolId?: string;
  /** The local user id to act as first (a staff member's local account). */
  userId: string;
  channel?: string;
  /** The school's channel names (without '#'): `in` refuses others. */
  channels?: readonly string[];
  /** Start the web page on this port (0 = any free port); omit for terminal only. */
  webPort?: number;
  /** Read commands from the terminal (default true). */
  terminal?: boolean | TerminalOptions;
}

export interface LocalMode {
  chat: LocalChat;
  port: LocalChatPort;
  web?: LocalWeb;
  /** Settles when the terminal input ends (immediately without a terminal). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  const port = new LocalChatPort({
    ...(options.print ? { print: options.print } : {}),
    ...(options.filesDir ? { filesDir: options.filesDir } : {}),
  });
  const chat = new LocalChat({
    router: options.router,
    staffDirectory: options.staffDirectory,
    port,
    userId: options.userId,
    ...(options.schoolId === undefined ? {} : { schoolId: options.schoolId }),
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    ...(options.channels === undefined ? {} : { channels: options.channels }),
  });
  const web = options.webPort === undefined ? undefined : await startLocalWeb(chat, options.webPort);
  if (web) port.announce(`Rollcall local page: ${web.url}`);
  const terminal = options.terminal ?? true;
  const done = terminal === false ? Promise.resolve() : runTerminal(chat, terminal === true ? {} : terminal);
  return {
    chat,
    port,
    ...(web ? { web } : {}),
    done,
    stop: async () => {
      await web?.close();
    },
  };
}
