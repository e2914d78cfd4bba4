// Runs the real CLI (src/cli/main.ts) in a child process, as an operator would: for the tests of what it does, prints
// and exits with.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { projectRoot } from '../../src/paths.js';

export type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Starts `vlcenter <args>` with only `env` (plus PATH, HOME, LOG_LEVEL=warn); `run` fills in as it goes. */
export function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn', ...env },
  });
  const run: Run = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (run.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  const exited = new Promise<Run>((resolve) =>
    child.on('exit', (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    }),
  );
  return { child, run, exited };
}

/** `vlcenter <args>` to the end; one still running after `timeoutMs` is killed, and that fails the test. */
export async function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  const { child, run, exited } = startCli(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
  if (run.signal)
    throw new Error(
      `vlcenter ${args.join(' ')} was killed after ${timeoutMs} ms; stdout: ${run.stdout}; stderr: ${run.stderr}`,
    );
  return run;
}

/** Exit code 1 and one line on stderr, `vlcenter: …` matching `message` — never a stack trace. */
export const expectOneLineRefusal = (run: Run, message: RegExp) => {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^vlcenter: /);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
};
