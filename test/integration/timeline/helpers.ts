import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateIncident, OpenedIncident, OpenIncidentOptions } from '../../../src/timeline/openIncident';
import { openIncident } from '../../../src/timeline/openIncident';

export const CREATE: CreateIncident = {
  service: 'checkout-api',
  severity: 'SEV2',
  environment: 'production',
  mode: 'incident',
  drill: false,
  steps: [
    { id: 'confirm-impact', title: 'Confirm customer impact', phase: 'first_actions' },
    { id: 'rollback', title: 'Roll back', phase: 'first_actions' },
  ],
};

export async function tempDataDir(): Promise<{ dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cockpit-timeline-'));
  return { dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

/** Opens or fails the test with the error's message. */
export async function mustOpen(options: Partial<OpenIncidentOptions> & { dataDir: string }): Promise<OpenedIncident> {
  const opened = await openIncident({ responder: 'alice', ...options });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

export function logPath(opened: OpenedIncident): string {
  return join(opened.dir, 'events.jsonl');
}

export async function readLogLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
}

export async function writeLogLines(path: string, lines: readonly string[]): Promise<void> {
  await writeFile(path, lines.map((l) => `${l}\n`).join(''));
}

/**
 * The timeline worker bundled once into a plain script, so each fork starts in tens of
 * milliseconds instead of compiling TypeScript again (the crash test forks it 50 times).
 */
export async function bundledWorker(outDir: string, worker = 'timelineWorker'): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(outDir, `${worker}.mjs`);
  await build({
    entryPoints: [new URL(`./${worker}.ts`, import.meta.url).pathname],
    // CommonJS dependencies (pg) require Node's built-ins: give the ESM bundle a require.
    banner: { js: "import { createRequire as __cockpitRequire } from 'node:module'; const require = __cockpitRequire(import.meta.url);" },
    external: ['pg-native'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.5',
    outfile,
    logLevel: 'warning',
    // The store's dependencies (ulid) are CommonJS-or-ESM packages esbuild inlines; nothing native.
  });
  return outfile;
}
