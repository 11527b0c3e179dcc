import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';

const HOSTILE = new URL('../fixtures/plugins/hostile/', import.meta.url).pathname;
const RUNBOOK = join(HOSTILE, 'runbook.yaml');

let dir: string;
let marker: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-lint-plugins-'));
  marker = join(dir, 'marker.txt');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (file: string) => access(file).then(() => true, () => false);

describe('cockpit lint runs no plugin code (issue #11)', () => {
  it('a runbook naming hostile plugins: no marker, no hang, exit 1 with located problems', async () => {
    const result = await cockpit(['lint', RUNBOOK], { env: { COCKPIT_TEST_MARKER: marker, COCKPIT_DATA_DIR: dir } });
    expect(await exists(marker)).toBe(false);
    expect(result.exitCode).toBe(1);
    const noManifest = (line: number, file: string) =>
      `${RUNBOOK}:${line}:5: plugin \`./${file}\` has no manifest (${file.replace(/\.mjs$/, '.cockpit.json')} beside it, or a \`cockpit\` field in its package.json), so its settings cannot be checked without running it; \`cockpit lint --trust-plugins\` runs it`;
    expect(result.stdout.split('\n')).toEqual([
      `${RUNBOOK}:4:11: severity: bad severity "SEV9": expected one of SEV1, SEV2, SEV3, SEV4`,
      noManifest(6, 'writes-marker.mjs'),
      noManifest(7, 'hangs.mjs'),
      noManifest(8, 'exits.mjs'),
    ]);
  });

  it('with --trust-plugins, each plugin loads in a worker: a hang times out, an exit is a failure, lint still exits 1', async () => {
    const result = await cockpit(['lint', '--trust-plugins', RUNBOOK], { env: { COCKPIT_TEST_MARKER: marker, COCKPIT_DATA_DIR: dir } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${RUNBOOK}:4:11: severity: bad severity "SEV9": expected one of SEV1, SEV2, SEV3, SEV4`,
      `${RUNBOOK}:7:5: plugin \`./hangs.mjs\` could not be loaded: it did not finish loading within 5s`,
      `${RUNBOOK}:8:5: plugin \`./exits.mjs\` could not be loaded: it ended its process (exit code 0) while loading`,
      // The plugin that loaded checks its provider section: `marker` takes no settings.
      `${RUNBOOK}:10:24: unknown key \`color\` in providers.m`,
    ]);
    // Trusted means run: the plugin that writes a file did.
    expect(await exists(marker)).toBe(true);
  });

  it('`cockpit status` on a runbook whose plugin hangs: a clear error, no hang', async () => {
    const result = await cockpit(['status', RUNBOOK], { env: { COCKPIT_TEST_MARKER: marker, COCKPIT_DATA_DIR: dir } });
    expect(result.stderr).toContain(`${RUNBOOK}:7:5: plugin \`./hangs.mjs\` could not be loaded: it did not finish loading within 5s`);
    expect(result.exitCode).toBe(1);
  });
});
