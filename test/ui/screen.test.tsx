import './deterministicEnv';
import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { runCockpit } from '../../src/ui/runCockpit';
import { FakeController } from './fakeController';
import { drill, incidentView, loading, ROLLBACK_CONFIRMATION, runningRollback, sprawling, timelineOf, withConfirmation, withProviderError } from './fixtures';
import { lines, renderCockpit, waitUntil } from './harness';

/** Panels side by side: their titles share a line. */
const sideBySide = (frame: string) => lines(frame).some((line) => line.includes('DEPLOYS') && line.includes('FLAGS') && line.includes('SLO BURN'));

const SGR_COLOUR = /\u001B\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9]+)*m/;

describe('the whole screen', () => {
  const views = {
    incident: incidentView(),
    running: runningRollback(withProviderError()),
    confirmation: withConfirmation(ROLLBACK_CONFIRMATION, drill()),
    sprawling: sprawling(),
    'sprawling confirmation': withConfirmation({ ...ROLLBACK_CONFIRMATION, summary: `Roll back ${'far too long '.repeat(30)}`, calls: [{ kind: 'argv', argv: ['./notify.sh', 'y'.repeat(300)] }] }, sprawling()),
  };

  describe.each([
    [80, 24],
    [120, 40],
    [200, 50],
  ])('at %ix%i', (columns, rows) => {
    test.each(Object.entries(views))('%s: nothing overflows or wraps', async (_name, view) => {
      const r = renderCockpit(new FakeController(view), { columns, rows });
      const frame = await r.waitForFrame((f) => f.includes('TIMELINE') || f.includes('CONFIRM'));
      const all = lines(frame);
      expect(all.length).toBeLessThanOrEqual(rows - 1);
      for (const line of all) expect(Array.from(line).length, line).toBeLessThanOrEqual(columns);
      if (view.confirmation === undefined) {
        // Side by side only where the deploys table keeps every column (200 columns here; the
        // sprawling deploys need more than their share even there).
        expect(sideBySide(frame)).toBe(columns >= 200 && !_name.startsWith('sprawling'));
        for (const title of ['DEPLOYS', 'FLAGS', 'SLO BURN', 'RUNBOOK', 'TIMELINE']) expect(frame).toContain(title);
        expect(frame).toContain('Enter run');
      } else {
        expect(frame).toContain('CONFIRM');
        expect(frame).toContain('DRILL');
      }
    });
  });

  test('resizing is handled live', async () => {
    const r = renderCockpit(new FakeController(incidentView()), { columns: 80, rows: 24 });
    expect(sideBySide(await r.waitForFrame('TIMELINE'))).toBe(false);
    r.resize(200, 40);
    const wide = await r.waitForFrame(sideBySide);
    for (const line of lines(wide)) expect(Array.from(line).length).toBeLessThanOrEqual(200);
    r.resize(80, 24);
    await r.waitForFrame((frame) => !sideBySide(frame) && lines(frame).length <= 23);
  });

  test('without colour there is no colour code, and state is still in words and symbols', async () => {
    const view = runningRollback(withProviderError(drill()));
    const plain = renderCockpit(new FakeController(view), { columns: 160, rows: 40, color: false });
    await plain.waitForFrame('TIMELINE');
    expect(plain.rawFrame()).not.toMatch(SGR_COLOUR);
    for (const words of ['DRILL', '◆ OPEN', '✖ ERROR', '✓ updated', '● current', '↩ target', '▲ BURNING', '▲ FIRED', '› ⟳ 3.', 'RUNNING']) {
      expect(plain.frame()).toContain(words);
    }
    // The same screen with colour on does colour: the check above can fail.
    const coloured = renderCockpit(new FakeController(view), { columns: 160, rows: 40, color: true });
    await coloured.waitForFrame('TIMELINE');
    expect(coloured.rawFrame()).toMatch(SGR_COLOUR);
  });

  // How fast it renders is in bench/screen.bench.tsx (beside a 100-event timeline); here, that it
  // reads only the visible window, which is what keeps it fast.
  test('a 100,000-event timeline renders and reads only the visible window', { timeout: 60_000 }, async () => {
    const timeline = timelineOf(100_000);
    const controller = new FakeController(incidentView({ timeline }));
    const r = renderCockpit(controller, { columns: 200, rows: 50 });
    const frame = await r.waitForFrame('event number 99999', { timeout: 30_000 });
    expect(lines(frame).findLast((line) => line.includes('event number'))).toContain('event number 99999');
    expect(frame).toContain('100,000 events');
    expect(timeline.reads.count).toBeLessThan(500);
    r.press('pageUp');
    await r.waitForFrame('newer below (PgDn, End to follow)');
    expect(timeline.reads.count).toBeLessThan(1_000);
  });
});

describe('runCockpit', () => {
  // Ink patches the console it finds; vitest's own console cannot be patched, a plain one can.
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** runCockpit on a fake terminal: what it wrote so far, and keys to type. */
  function startCockpit(controller: FakeController) {
    vi.stubGlobal('console', Object.assign(new Console({ stdout: new PassThrough(), stderr: new PassThrough() }), { Console }));
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 30 });
    const terminal = { written: '', settled: false, type: (keys: string) => stdin.write(keys), running: Promise.resolve() };
    stdout.on('data', (chunk: Buffer) => {
      terminal.written += chunk.toString('utf8');
    });
    terminal.running = runCockpit(controller, {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      color: false,
    }).then(() => {
      terminal.settled = true;
    });
    return terminal;
  }

  test('resolves after q, once the session handled quit and Ink unmounted; the alternate screen is left', async () => {
    const controller = new FakeController(incidentView());
    const terminal = startCockpit(controller);
    await waitUntil(() => terminal.written.includes('TIMELINE'));
    expect(terminal.written.startsWith('\u001B[?1049h')).toBe(true);
    expect(terminal.settled).toBe(false);
    terminal.type('q');
    await terminal.running;
    expect(controller.dispatched).toEqual([{ type: 'quit' }]);
    expect(controller.subscribers).toBe(0);
    expect(terminal.written.endsWith('\u001B[?1049l')).toBe(true);
  });

  test('draws its first frame once every panel has its first answer, not before', async () => {
    const controller = new FakeController(loading());
    const terminal = startCockpit(controller);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(terminal.written).toBe('');
    controller.push(incidentView());
    await waitUntil(() => terminal.written.includes('TIMELINE'));
    expect(terminal.written).toContain('● current');
    expect(terminal.written).not.toContain('waiting for the first answer');
    terminal.type('q');
    await terminal.running;
  });

  test('does not wait long for a provider that is slow to answer: its panel shows as loading', async () => {
    // No panel ever answers here: a first frame at all shows the wait gave up. How long it waits
    // (FIRST_FRAME_WAIT_MS, 300 ms) is firstAnswers.test.ts's, on no wall clock.
    const controller = new FakeController(loading());
    const terminal = startCockpit(controller);
    await waitUntil(() => terminal.written.includes('TIMELINE'), { timeout: 15_000 });
    expect(terminal.written).toContain('waiting for the first answer');
    terminal.type('q');
    await terminal.running;
  });
});
