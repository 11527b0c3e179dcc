import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecRequest } from '../../src/plugins/contract';
import { createExec } from '../../src/plugins/exec';
import { tempDir, TEST_KILL_GRACE_MS } from '../support/execContext';

const exec = createExec({ killGraceMs: TEST_KILL_GRACE_MS });
const node = process.execPath;
const request = (argv: string[], more: Partial<ExecRequest> = {}): ExecRequest => ({ argv, signal: new AbortController().signal, ...more });

let dir: string;
let removeDir: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove: removeDir } = await tempDir('cockpit-exec'));
});
afterEach(() => removeDir());

describe('exec', () => {
  it('reports exit code and duration of a finished process', async () => {
    const started = performance.now();
    const result = await exec(request([node, '-e', 'setTimeout(() => process.exit(7), 100)']));
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: true, value: { exitCode: 7, timedOut: false, cancelled: false } });
    const durationMs = result.ok ? result.value.durationMs : -1;
    expect(durationMs).toBeGreaterThanOrEqual(100);
    expect(durationMs).toBeLessThanOrEqual(elapsed + 1);
  });

  it('reports the signal that ended a process it did not kill itself', async () => {
    const result = await exec(request([node, '-e', "process.kill(process.pid, 'SIGKILL')"]));
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ exitCode: null, signal: 'SIGKILL', timedOut: false, cancelled: false }) });
  });

  it('marks a process ended by its timeout', async () => {
    const result = await exec(request([node, '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 200 }));
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ exitCode: null, signal: 'SIGTERM', timedOut: true, cancelled: false }) });
  });

  it('does not start anything when already cancelled', async () => {
    const marker = path.join(dir, 'ran');
    const abort = new AbortController();
    abort.abort();
    const result = await exec(request([node, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], { signal: abort.signal }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await expect(stat(marker)).rejects.toThrow(/ENOENT/);
  });

  it('does not start anything when cancelled while its working directory is checked', async () => {
    const marker = path.join(dir, 'ran');
    const abort = new AbortController();
    const running = exec(request([node, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], { signal: abort.signal, cwd: dir }));
    abort.abort();
    expect(await running).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await expect(stat(marker)).rejects.toThrow(/ENOENT/);
  });

  it('passes exactly the given environment, nothing inherited', async () => {
    const lines: string[] = [];
    const result = await exec(
      request([node, '-e', 'console.log(JSON.stringify(process.env))'], { env: { ONLY: 'this' }, onOutput: (_, line) => lines.push(line) }),
    );
    expect(result.ok).toBe(true);
    expect(JSON.parse(lines.join(''))).toEqual({ ONLY: 'this' });
  });

  it('refuses arguments no process can receive, and an empty argv', async () => {
    expect(await exec(request(['echo', 'a\0b']))).toMatchObject({ ok: false, error: { kind: 'failed', message: expect.stringMatching(/argv\[1\].*NUL/) } });
    expect(await exec(request([]))).toMatchObject({ ok: false, error: { kind: 'failed' } });
  });

  it('reports a file that is not executable', async () => {
    const script = path.join(dir, 'not-executable.sh');
    await writeFile(script, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    expect(await exec(request([script]))).toMatchObject({ ok: false, error: { kind: 'failed', code: 'EACCES' } });
  });
});
