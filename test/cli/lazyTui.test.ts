// Issue #17: the TUI (Ink, React) is loaded only by the commands that draw it. The built CLI is
// run with a preload (test/fixtures/tuiTrap.cjs) that notices React and Ink's layout engine being
// evaluated; the same trap, in a real terminal (tmux), sees them in `cockpit drill`, so a silent
// trap means the TUI was not evaluated, not that the trap is blind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traced as tracedWith, tracedDrillInTerminal } from '../support/trappedCli';

const TRAP = { file: new URL('../fixtures/tuiTrap.cjs', import.meta.url).pathname, outputVar: 'TUI_TRAP_FILE' };
const NOTHING = { react: false, yoga: false, segmenters: 0, collations: 0 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-lazy-tui-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the built CLI with the trap; returns its output and what the trap saw. */
async function traced(args: readonly string[]) {
  const result = await tracedWith<typeof NOTHING>(TRAP, dir, args);
  return { ...result, evaluated: result.seen };
}

describe('commands that draw nothing never evaluate the TUI (built CLI)', () => {
  let incident: string;
  beforeAll(async () => {
    // A real incident for export and verify, from a drill that needs no terminal either.
    const drill = await traced(['drill', 'runbooks/checkout-api.yaml', '--scenario', 'bad-deploy', '--autopilot']);
    expect(drill.exitCode).toBe(0);
    expect(drill.evaluated).toEqual(NOTHING);
    incident = /cockpit export (\S+) --format md/.exec(drill.stdout)![1]!;
  }, 120_000);

  it('lint', async () => {
    const lint = await traced(['lint', 'runbooks/checkout-api.yaml']);
    expect(lint.exitCode).toBe(0);
    expect(lint.evaluated).toEqual(NOTHING);
  });

  it('status (its providers asked, the AWS SDK loaded)', async () => {
    const status = await traced(['status', 'runbooks/checkout-api.yaml', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ format: 'incident-cockpit/status-v1', deploys: { source: 'deploys (ecs)' } });
    expect(status.evaluated).toEqual(NOTHING);
  });

  it('export and verify', async () => {
    const exported = await traced(['export', incident, '--format', 'md']);
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain('checkout-api');
    expect(exported.evaluated).toEqual(NOTHING);
    const verified = await traced(['verify', incident]);
    expect(verified.exitCode).toBe(0);
    expect(verified.evaluated).toEqual(NOTHING);
  });

  it('the trap does see the TUI: `cockpit drill` in a real terminal; which fills its panels without an Intl.Segmenter or a collation (ICU\'s data not loaded)', async () => {
    const filled = (s: string) => s.includes('TIMELINE') && /:\d+ │/.test(s) && /variant \S+ · (enabled|disabled)/.test(s);
    const seen = await tracedDrillInTerminal(TRAP, dir, { columns: 120, rows: 40 }, { what: 'the cockpit with its deploys and flags', seen: filled });
    expect(seen).toEqual({ react: true, yoga: true, segmenters: 0, collations: 0 });
  }, 120_000);
});
