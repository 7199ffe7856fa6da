// A one-off command's output reaches the reader whole before the process ends, however big (a pipe takes
// ~64 KB at a time; what process.exit() finds still queued would be lost).
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('command output', () => {
  it('is written whole to a pipe before the process exits', async () => {
    const module = new URL('../../src/cli/output.ts', import.meta.url).href;
    const script = `import { exitWhenWritten } from ${JSON.stringify(module)};
      process.stdout.write('x'.repeat(3_000_000)); process.stderr.write('e'.repeat(500_000)); await exitWhenWritten(3);`;
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { maxBuffer: 16 * 1024 * 1024 }, (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: out, stderr: err }),
      );
    });
    expect(code).toBe(3);
    expect(stdout.length).toBe(3_000_000);
    expect(stderr.length).toBe(500_000);
  });
});
