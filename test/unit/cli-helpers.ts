// Running the CLI from source (no build), exactly as a user's shell would: argv in, exit code and streams out.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds, for "returns promptly" checks. */
  ms: number;
}

export function cliFromSource(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? ROOT,
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** A stack trace line ("    at fn (file:1:2)") means an internal error leaked to the user. */
export const STACK_LINE = /\n\s+at /;
