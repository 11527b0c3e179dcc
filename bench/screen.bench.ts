// The cockpit's first frame on a 100,000-event timeline (reported, not asserted), beside a floor
// measured in the same run, the first frame on a 100-event timeline, as a ratio: the timeline
// reads only its visible window, so the two should be close. In-process, Ink on fake streams as
// test/ui/harness.tsx renders it (run from source: Ink as published, no bundle plugins). Until
// issue #12 test/ui/screen.test.tsx asserted the big one under 1 s of wall clock.
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';

// As test/ui/deterministicEnv.ts: Ink reads CI when it loads (CI mode draws only the last frame).
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.FORCE_COLOR = '1';
const { render } = await import('ink');
const { createElement } = await import('react');
const { App } = await import('../src/ui/App');
const { ThemeContext, makeTheme } = await import('../src/ui/theme');
const { FakeController } = await import('../test/ui/fakeController');
const { incidentView, timelineOf } = await import('../test/ui/fixtures');

const RUNS = 5;

class FakeStdout extends EventEmitter {
  last = '';
  isTTY = false;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.last = frame;
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  read = (): null => null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** Milliseconds from render() to a frame showing the timeline's last event. */
async function firstFrameMs(events: number): Promise<number> {
  const timeline = timelineOf(events);
  const controller = new FakeController(incidentView({ timeline }));
  const stdout = new FakeStdout(200, 50);
  const started = performance.now();
  const tree = createElement(ThemeContext.Provider, { value: makeTheme(false) }, createElement(App, { controller, color: false }));
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(80, 24) as unknown as NodeJS.WriteStream,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const last = `event number ${events - 1}`;
  while (!stripVTControlCharacters(stdout.last).includes(last)) await new Promise((resolve) => setImmediate(resolve));
  const elapsed = performance.now() - started;
  instance.unmount();
  instance.cleanup();
  return elapsed;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await firstFrameMs(100); // warm-up: module loading and compiling are not the timeline's size
process.stdout.write('| timeline | median first frame | × floor |\n|---|---|---|\n');
let floor: number | undefined;
for (const events of [100, 100_000]) {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await firstFrameMs(events));
  const ms = median(times);
  floor ??= ms;
  process.stdout.write(`| ${events.toLocaleString('en-US')} events${events === 100 ? ' (floor)' : ''} | ${ms.toFixed(1)} ms | ${(ms / floor).toFixed(1)}× |\n`);
}
process.exit(0);
