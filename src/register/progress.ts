// A progress bar for big imports when a person is watching a terminal; silent otherwise (CI logs, pipes).
// The importers only call a ProgressListener, so they never know whether anyone is looking.

import cliProgress from 'cli-progress';
import type { ImportProgress, ProgressListener } from './types.js';

/** Below this many rows an import is over before a bar is worth drawing. */
export const PROGRESS_MIN_ROWS = 5_000;

const PHASE_LABEL: Record<ImportProgress['phase'], string> = {
  validating: 'checking',
  loading: 'loading ',
  applying: 'applying',
};

export interface ProgressDisplay {
  listener: ProgressListener | undefined;
  stop(): void;
}

export function progressDisplay(label: string, tty: boolean, stream: NodeJS.WritableStream = process.stderr): ProgressDisplay {
  if (!tty) return { listener: undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  let phase: ImportProgress['phase'] | undefined;
  return {
    listener: (p) => {
      if (p.total < PROGRESS_MIN_ROWS) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream, format: `${label} {phase} [{bar}] {percentage}% {value}/{total}`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done, { phase: PHASE_LABEL[p.phase] });
        phase = p.phase;
        return;
      }
      if (p.phase !== phase) {
        phase = p.phase;
        bar.setTotal(p.total);
      }
      bar.update(p.done, { phase: PHASE_LABEL[p.phase] });
    },
    stop: () => bar?.stop(),
  };
}
