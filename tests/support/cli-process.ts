// Runs the real `rollcall` command (bin/rollcall.js) as separate processes, for tests about what happens
// between processes: one owner of the embedded database, commands forwarded to a running app.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROLLCALL_BIN = fileURLToPath(new URL('../../bin/rollcall.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The environment a test's processes run in: nothing of the test runner's database or chat settings. */
export function cliEnv(cwd: string, extra: NodeJS.ProcessEnv): CliEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(DATABASE_URL|SLACK_|TEAMS_|ROLLCALL_|PORT$|IMPORT_PORT$)/.test(key)) delete env[key];
  return { cwd, env: { ...env, ...extra } };
}

export function runCli(where: CliEnv, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ROLLCALL_BIN, ...args], { cwd: where.cwd, env: where.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningApp {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once it has ended. */
  exited: Promise<number | null>;
}

/** Starts `rollcall start` and resolves once its output shows `ready` (or rejects if it ends first). */
export async function startApp(where: CliEnv, ready: RegExp, args: string[] = []): Promise<RunningApp> {
  const child = spawn(process.execPath, [ROLLCALL_BIN, 'start', ...args], { cwd: where.cwd, env: where.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`rollcall start ended (${code}) before it was ready:\n${output}`)));
  });
  return { child, output: () => output, exited };
}
