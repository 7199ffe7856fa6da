// Reads lines from the terminal and runs them as the local user; posts are printed by the port.

import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { LOCAL_HELP, type LocalChat } from './session.js';

export interface TerminalOptions {
  input?: Readable;
  output?: Writable;
}

/** Runs until the input ends; resolves then. */
export async function runTerminal(chat: LocalChat, options: TerminalOptions = {}): Promise<void> {
  const output = options.output ?? process.stdout;
  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: false });
  const prompt = () => output.write(`${chat.userId} in #${chat.channel}> `);
  output.write(`Rollcall local mode. ${LOCAL_HELP}\n`);
  prompt();
  for await (const line of rl) {
    try {
      const note = await chat.run(line);
      if (note) output.write(`${note}\n`);
    } catch (error) {
      output.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    prompt();
  }
}
