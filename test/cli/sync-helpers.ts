import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI without blocking this process (a test's local HTTP server must keep
 * answering while the CLI talks to it), with TZ/NO_COLOR/COLUMNS pinned and extra env.
 */
export function tlEnv(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env,
      TZ: 'UTC',
      NO_COLOR: '1',
      COLUMNS: '120',
      CI: 'true',
      OPENAI_ADMIN_KEY: undefined,
      ...env,
    } as NodeJS.ProcessEnv,
    cwd: ROOT,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
