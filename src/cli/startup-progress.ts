// What a person at the terminal sees while `npm start` works before its prompt: a line for each slow step
// (creating the embedded database, importing a demo file) and, on a terminal, a bar for big files. Later
// starts that find nothing changed print none of it.
import type { ImportKind, ProgressListener } from '../register/types.js';
import { progressDisplay, type ProgressDisplay } from '../register/progress.js';

export interface StartupProgress {
  step(text: string): void;
  demoImport(kind: ImportKind, rows: number): ProgressListener | undefined;
  done(): void;
}

export function startupProgress(stream: NodeJS.WriteStream = process.stderr): StartupProgress {
  let bar: ProgressDisplay | undefined;
  const step = (text: string) => {
    bar?.stop();
    bar = undefined;
    stream.write(`${text}\n`);
  };
  return {
    step,
    demoImport: (kind, rows) => {
      step(`Demo school: importing ${kind}.csv (${rows.toLocaleString('en-GB')} rows)...`);
      bar = progressDisplay(`  ${kind}.csv`, !!stream.isTTY, stream);
      return bar.listener;
    },
    done: () => bar?.stop(),
  };
}
