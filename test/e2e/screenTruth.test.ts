import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { dialog, endAndRemove, selectStep, Tmux } from '../support/tmux';

/**
 * What the responder's screen says must be true: defects found playing drills in tmux, checked
 * in a real terminal against the built CLI, reading only the screen.
 */

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
/** Virtual minutes per real minute, as in the journeys: a rollback settles in a few seconds. */
const SPEED = 120;

const sessions: { tmux: Tmux; dir: string }[] = [];
afterEach(async () => {
  for (const { tmux, dir } of sessions.splice(0)) {
    await endAndRemove(tmux, dir);
  }
});

/** Starts a drill in a private tmux server and waits for its panels to have data. */
async function drill(scenario: string, columns: number, rows: number): Promise<Tmux> {
  const dir = mkdtempSync(join(tmpdir(), `cockpit-truth-${scenario}-`));
  const tmux = new Tmux(dir);
  sessions.push({ tmux, dir });
  const command = `env -u CI COCKPIT_DATA_DIR='${join(dir, 'data')}' '${process.execPath}' '${BIN}' drill runbooks/checkout-api.yaml --scenario ${scenario} --speed ${SPEED}; echo EXIT=$?`;
  tmux.run('new-session', '-d', '-s', 'cockpit', '-x', String(columns), '-y', String(rows), '-c', ROOT, command);
  tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
  await tmux.waitForRawMode(20_000);
  await tmux.waitFor((s) => ['DEPLOYS', 'FLAGS', 'SLO BURN'].every((title) => new RegExp(`${title} [^\n]*✓ updated`).test(s)) && s.includes('» '), 'the panels with data', 60_000);
  return tmux;
}

/** The deploys table's rows as "mark rev": `● current :41`. */
function deployMarks(screen: string): string[] {
  return screen
    .split('\n')
    .filter((line) => /^│.*│ :\d+ +│/.test(line))
    .map((line) => /^│ ([^│]*?) *│ (:\d+)/.exec(line)!.slice(1, 3).join(' ').trim());
}

describe('what the screen says after a rollback (bad-deploy)', () => {
  test('table, plan and count agree: :41 runs again, its older row is the same build, :40 is one revision back', async () => {
    const tmux = await drill('bad-deploy', 120, 40);
    await selectStep(tmux, 'Roll back');
    tmux.keys('Enter');
    await tmux.waitFor((s) => dialog(s).includes('Enter confirm'), 'the rollback confirmation');
    tmux.keys('Enter');
    // Done: on its line, or, where the selection followed `◀ next` on to the recovery check, by the heading's count.
    await tmux.waitFor((s) => /^› ✓ .*Roll back.* done/m.test(s) || /^RUNBOOK 1\/\d+ done(?: or skipped)? · next: 5\. Burn under 1x/m.test(s), 'the rollback done', 90_000);
    // :42 is called bad once a 5m window after the rollback has told (three seconds at this speed); the burn
    // stopped, no further rollback is pointed at (`↩ again :40` read as an invitation to roll back further).
    const after = await tmux.waitFor((s) => deployMarks(s)[0] === '● current :41' && deployMarks(s).includes('⊗ bad :42'), 'the table after the rollback', 30_000);
    expect(deployMarks(after)).toEqual(['● current :41', '⊗ bad :42', '= same :41', ':40', ':39'].slice(0, deployMarks(after).length));

    // The plan for the next rollback: :40 is one revision back from :41 (:42 was undone), not two. The selection
    // may have followed `◀ next` on to the recovery check: the rollback step is chosen again first.
    await selectStep(tmux, 'Roll back');
    tmux.keys('Enter');
    const plan = dialog(await tmux.waitFor((s) => dialog(s).includes('Type "'), 'the second rollback confirmation'));
    expect(plan).toContain('from checkout-api:41 to checkout-api:40');
    expect(plan.replace(/\n/g, ' ')).toContain('one revision back (checkout-api:42 was rolled back: no version step)');
    expect(plan).not.toContain('revisions back');
    tmux.keys('Escape');
  }, 180_000);
});

describe('a blocked rollback (irreversible-migration)', () => {
  test('the dialog gives the contract migration as what blocks it, and the one-revision step as a check that passed', async () => {
    const tmux = await drill('irreversible-migration', 120, 40);
    await selectStep(tmux, 'Roll back');
    tmux.keys('Enter');
    const shown = dialog(await tmux.waitFor((s) => dialog(s).includes('BLOCKED') && dialog(s).includes('Type "'), 'the blocked rollback dialog'));
    const text = shown.replace(/\n/g, ' ');
    expect(text).toContain('· checkout-api:42 ran a contract migration');
    expect(text).toContain('✓ one revision back');
    // The dialog wraps it where it will: compared word by word.
    expect(text).toMatch(new RegExp(`\\(blocked: ${'checkout-api:42 ran a contract migration: checkout-api:41 is likely to fail against the data it left behind'.split(' ').join('\\s+')}\\)`));
    expect(text).not.toMatch(/blocked: one revision back/);
    tmux.keys('Escape');
  }, 120_000);
});

describe('a command step\'s output (bad-deploy)', () => {
  test('what ./scripts/db-health.sh printed is shown under the step where it was run', async () => {
    const tmux = await drill('bad-deploy', 120, 40);
    await selectStep(tmux, 'Check the primary database');
    tmux.keys('Enter');
    // Confirmed first when the cockpit asks (it may not: a read-only check in a drill).
    const done = (s: string) => /^› ✓ .*Check the primary database.* done/m.test(s);
    if (dialog(await tmux.waitFor((s) => dialog(s).includes('Enter confirm') || done(s), 'the confirmation or the step done', 60_000)) !== '') tmux.keys('Enter');
    const screen = await tmux.waitFor((s) => /^› ✓ .*Check the primary database.* done/m.test(s) && s.includes('connections: 42/500'), 'the step done with its output', 60_000);
    const lines = screen.split('\n');
    const at = lines.findIndex((line) => /^› ✓ .*Check the primary database/.test(line));
    const under = lines.slice(at + 1, at + 8).join('\n');
    expect(under).toContain('output:');
    expect(under).toContain('database health for checkout-api');
    expect(under).toContain('connections: 42/500');
  }, 120_000);
});
