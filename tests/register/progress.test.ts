import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressDisplay, PROGRESS_MIN_ROWS } from '../../src/register/progress.js';

/** A terminal-like stream that keeps what was drawn. */
function terminal() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream: Object.assign(stream, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true }), text: () => chunks.join('') };
}

describe('progressDisplay', () => {
  it('gives no listener at all when output is not a terminal', () => {
    const { stream, text } = terminal();
    const display = progressDisplay('marks.csv', false, stream);
    expect(display.listener).toBeUndefined();
    display.stop();
    expect(text()).toBe('');
  });

  it('draws a bar with the file name and phase for a big file', () => {
    const { stream, text } = terminal();
    const display = progressDisplay('marks.csv', true, stream);
    display.listener?.({ phase: 'loading', done: 100_000, total: 380_000 });
    display.stop();
    expect(text()).toContain('marks.csv loading');
    expect(text()).toContain('100000/380000');
  });

  it('draws nothing for a small file', () => {
    const { stream, text } = terminal();
    const display = progressDisplay('staff.csv', true, stream);
    display.listener?.({ phase: 'validating', done: 10, total: PROGRESS_MIN_ROWS - 1 });
    display.stop();
    expect(text()).toBe('');
  });
});
