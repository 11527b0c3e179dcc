import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { dialog, endAndRemove, selectStep, Tmux } from '../support/tmux';

/**
 * Issue #14: the whole responder journey, per built-in scenario, in a real terminal. The test is
 * the responder: it presses only keys and decides only from what the screen shows (the SLO
 * panel's recommendation, the selected step, the dialogs), until the drill report says RECOVERED.
 * The event log is read only to explain a failure.
 */

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
/**
 * Virtual minutes per real minute: the 10m recovery check holds for ~2.5 s. Polls' timeouts run on
 * real time, so a busy machine slows the drill's answers but never fails them.
 */
const SPEED = 240;
/** The recovery step's title in runbooks/checkout-api.yaml. */
const RECOVERY_STEP = 'Burn under 1x for 10m';

const sessions: { tmux: Tmux; dir: string }[] = [];
afterEach(async () => {
  for (const { tmux, dir } of sessions.splice(0)) {
    await endAndRemove(tmux, dir);
  }
});

/** Only for a failure message: what the cockpit recorded, one line an event. */
function eventLog(dataDir: string): string {
  const incidents = join(dataDir, 'incidents');
  if (!existsSync(incidents)) return '(no incident on disk)';
  return readdirSync(incidents)
    .map((id) => readFileSync(join(incidents, id, 'events.jsonl'), 'utf8'))
    .join('')
    .trim()
    .split('\n')
    .map((line) => {
      try {
        const event = JSON.parse(line) as { kind: string; data: unknown };
        return `${event.kind} ${JSON.stringify(event.data).slice(0, 200)}`;
      } catch {
        return line.slice(0, 200);
      }
    })
    .join('\n');
}

/** The cockpit's header line: the first line of the screen. */
const header = (screen: string) => screen.split('\n')[0] ?? '';

/** The SLO panel's recommendation, from its `»` line and the lines it wraps onto. */
function recommendation(screen: string): string | undefined {
  const lines = screen.split('\n');
  const at = lines.findIndex((line) => line.startsWith('» '));
  if (at === -1) return undefined;
  const parts = [lines[at]!.slice(2).trim()];
  // Wrapped lines are indented by two; the burn windows ("5m 15.9x …"), the trigger ("▲ FIRED")
  // and the evidence ("· …") are lines of their own.
  for (const line of lines.slice(at + 1)) {
    if (!/^ {2}\S/.test(line) || /^ {2}(\d+[mhd] \d|▲|·)/.test(line)) break;
    parts.push(line.trim());
  }
  return parts.join(' ');
}

/** The selected step's line (`› ○ 3. Roll back … to do`) and the line under it (hint, progress). */
function selectedStep(screen: string): string {
  const lines = screen.split('\n');
  const at = lines.findIndex((line) => line.startsWith('› '));
  return at === -1 ? '' : `${lines[at]}\n${lines[at + 1] ?? ''}`;
}

interface Journey {
  readonly scenario: string;
  readonly columns: number;
  readonly rows: number;
  /** What the recommendation must say for this scenario (the scenario file's right response). */
  readonly says: RegExp;
}

/** The responder's journey: drives the cockpit in tmux and returns what it did, for the report. */
class Responder {
  readonly tmux: Tmux;
  readonly dataDir: string;
  readonly pressed: string[] = [];
  readonly seen: string[] = [];
  constructor(readonly journey: Journey) {
    const dir = mkdtempSync(join(tmpdir(), `cockpit-journey-${journey.scenario}-`));
    this.tmux = new Tmux(dir);
    sessions.push({ tmux: this.tmux, dir });
    this.dataDir = join(dir, 'data');
  }

  async start(): Promise<string> {
    const { scenario, columns, rows } = this.journey;
    const command = `env -u CI COCKPIT_DATA_DIR='${this.dataDir}' '${process.execPath}' '${BIN}' drill runbooks/checkout-api.yaml --scenario ${scenario} --speed ${SPEED}; echo EXIT=$?`;
    this.tmux.run('new-session', '-d', '-s', 'cockpit', '-x', String(columns), '-y', String(rows), '-c', ROOT, command);
    this.tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    await this.tmux.waitForRawMode(20_000);
    // The panels are up, each with an answer from its provider, and the SLO panel has made up its
    // mind. Not sooner: before the deploys' first answer the panel has said "No recent change
    // explains the burn: no deploy or flag change in the 2h before the trigger fired" in
    // bad-deploy, which the deploys it had not yet seen contradict.
    const panelsUp = (s: string) => ['DEPLOYS', 'FLAGS', 'SLO BURN'].every((title) => new RegExp(`${title} [^\n]*✓ updated`).test(s));
    const screen = await this.waitFor((s) => panelsUp(s) && s.includes('RUNBOOK') && recommendation(s) !== undefined, 'the panels with data and a recommendation', 60_000);
    return recommendation(screen)!;
  }

  press(...keys: string[]): void {
    this.pressed.push(...keys);
    this.tmux.keys(...keys);
  }

  type(text: string): void {
    this.pressed.push(JSON.stringify(text));
    this.tmux.text(text);
  }

  waitFor(predicate: (screen: string) => boolean, what: string, timeout = 30_000): Promise<string> {
    return this.tmux.waitFor(predicate, what, timeout);
  }

  /** Moves the selection (`j`/`k`, one key at a time, reading the screen) to the step titled so. */
  select(title: string): Promise<void> {
    return selectStep(this.tmux, title, (key) => this.press(key));
  }

  /** Answers the dialog on screen: types the phrase it asks for, or a reason if it asks why, then Enter. */
  async answer(title: RegExp, reason: string): Promise<string> {
    const screen = await this.waitFor((s) => title.test(dialog(s)), `a dialog matching ${title}`);
    const shown = dialog(screen);
    this.seen.push(shown);
    const phrase = /Type "([^"]+)" to confirm/.exec(shown.replace(/\n/g, ''));
    if (phrase) this.type(phrase[1]!);
    else if (/reason|why/i.test(shown)) this.type(reason);
    this.press('Enter');
    await this.waitFor((s) => !title.test(dialog(s)), `the dialog ${title} closing`);
    return shown;
  }
}

/** The step the recommendation points at, as a responder reads it. */
function stepFor(recommended: string): string {
  if (/^Rollback recommended/.test(recommended)) return 'Roll back to the previous task definition';
  if (/^Flag kill switch recommended: checkout_v2/.test(recommended)) return 'Turn off checkout_v2';
  // A blocked rollback says to use a flag: the runbook has one kill switch.
  if (/^Rollback blocked .*use a flag/.test(recommended)) return 'Turn off checkout_v2';
  throw new Error(`the recommendation names no step of the runbook: "${recommended}"`);
}

const JOURNEYS: readonly Journey[] = [
  { scenario: 'bad-deploy', columns: 80, rows: 24, says: /^Rollback recommended: checkout-api:42 deployed / },
  { scenario: 'bad-flag', columns: 160, rows: 48, says: /^Flag kill switch recommended: checkout_v2/ },
  // The flag changed after the deploy (3h ago, with its contract migration), so the kill switch is
  // recommended outright, as in bad-flag; the blocked rollback is never offered.
  { scenario: 'irreversible-migration', columns: 80, rows: 24, says: /^Flag kill switch recommended: checkout_v2 changed .* after the last deploy/ },
  { scenario: 'slow-burn', columns: 160, rows: 48, says: /^Rollback recommended: checkout-api:42 deployed / },
];

describe('the responder journey from the screen only (issue #14)', () => {
  test.each(JOURNEYS)('$scenario at $columns x $rows: mitigate as recommended, recovery check passes, resolve: RECOVERED', async (journey) => {
    const started = Date.now();
    const responder = new Responder(journey);
    const { tmux } = responder;
    try {
      // 1. Read the recommendation and take the step it points at.
      const recommended = await responder.start();
      responder.seen.push(`» ${recommended}`);
      expect(recommended).toMatch(journey.says);
      const step = stepFor(recommended);
      await responder.select(step);
      responder.press('Enter');
      await responder.answer(/^CONFIRM /, 'drill: as recommended');
      // Done: said on its line, or, where the runbook moved on to the recovery check (the selection follows `◀ next`
      // from a step that is over; at 80x24 one step line shows), by the heading's count.
      const done = (s: string) => (/^› ✓ .* done/.test(selectedStep(s)) && selectedStep(s).includes(step)) || (selectedStep(s).includes(RECOVERY_STEP) && /^RUNBOOK [1-9]\d*\/\d+ done/m.test(s));
      await responder.waitFor(done, `"${step}" done`, 60_000);

      // 2. Mark the incident mitigated (a reason if it still burns).
      responder.press('m');
      await responder.answer(/MITIGATED/, 'drill: mitigation applied, burn falling');
      await responder.waitFor((s) => header(s).includes('◐ MITIGATED'), 'the header saying MITIGATED');

      // 3. Start the recovery check, watch it hold, and see it pass. It counts the incident's own
      // observations of the 10m before Enter: a responder slower to start it than the burn was to
      // stop (a loaded machine, at 120x) sees it pass at once, with no progress to watch.
      await responder.select(RECOVERY_STEP);
      responder.press('Enter');
      // Every progress line on screen until the step is done: the streak grows as it holds.
      const held = new Set<string>();
      await responder.waitFor((s) => {
        const progress = /burn \S+ < 1x, held (\S+) of 10m/.exec(selectedStep(s));
        if (progress) held.add(progress[1]!);
        // Passed: said on its line, or, where the runbook moved on from it (the selection follows `◀ next`), by the
        // heading's count: the mitigation and the check.
        return (/^› ✓ .* done/.test(selectedStep(s)) && selectedStep(s).includes(RECOVERY_STEP)) || /^RUNBOOK 2\/\d+ done/m.test(s);
      }, 'the recovery check passed', 180_000);
      const streaks = [...held];
      responder.seen.push(`held ${streaks[0] ?? '(passed at once)'}, … (${streaks.length} readings), ${streaks.at(-1) ?? '-'} of 10m; then ${selectedStep(tmux.screen()).split('\n')[0]}`);
      if (streaks.length > 1) expect(streaks.some((streak) => streak !== '0s')).toBe(true);

      // 4. Resolve, quit, and read the drill report.
      responder.press('r');
      await responder.answer(/RESOLVED/, 'drill: recovery check passed');
      await responder.waitFor((s) => header(s).includes('✓ RESOLVED'), 'the header saying RESOLVED');
      responder.press('q');
      await responder.waitFor((s) => s.includes('EXIT='), 'the cockpit exiting', 30_000);
      const report = tmux.screen('cockpit');
      expect(report).toContain(`Drill report — scenario ${journey.scenario}`);
      expect(report).toMatch(/^RECOVERED · score \d+\/100$/m);
      expect(report).toContain('Recovery checks passed.');
      expect(report).not.toContain('still open');
      expect(report).toContain('EXIT=0');
      console.log(
        `journey ${journey.scenario} ${journey.columns}x${journey.rows}: ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
          `  keys: ${responder.pressed.join(' ')}\n  saw:\n${responder.seen.map((s) => `    ${s.replace(/\n/g, '\n    ')}`).join('\n')}\n` +
          report.split('\n').filter((line) => /^(RECOVERED|NOT RECOVERED|  •|EXIT=)/.test(line)).map((line) => `  ${line}`).join('\n'),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${journey.scenario} journey stuck after ${((Date.now() - started) / 1000).toFixed(1)} s, keys pressed: ${responder.pressed.join(' ')}\n${message}\n--- event log (for the failure only) ---\n${eventLog(responder.dataDir)}`,
        { cause: error },
      );
    }
  }, 360_000);
});
