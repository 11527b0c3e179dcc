/**
 * Issue #11: a command that prints 200,000 lines (80 MB) during `cockpit drill --autopilot`
 * (the built bundle, a real child process running a real awk command). The timeline keeps
 * the first and last lines and one notice of what was cut; the cockpit's peak RSS, from
 * /usr/bin/time, stays near that of the same drill with a quiet command.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_LIMITS } from '../../src/core/outputBudget';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const RUNBOOK = new URL('../../runbooks/checkout-api.yaml', import.meta.url);
const LINES = 200_000;

/**
 * Prints `count` lines of ~400 bytes on stdout and a last line on stderr. awk, whose writes block
 * on a full pipe: a Node printer would buffer what the cockpit has not read yet, and its own
 * memory would be counted in the peak RSS that /usr/bin/time reports (that of the cockpit and
 * of the children it waited for).
 */
const printer = (count: number) => [
  '/usr/bin/awk',
  `BEGIN { pad = sprintf("%390s", ""); gsub(/ /, "x", pad); for (n = 1; n <= ${count}; n++) print "line " n " " pad; print "printed ${count} lines" > "/dev/stderr" }`,
];

interface Event {
  kind: string;
  data: { action?: string; stream?: string; chunk?: string; cut?: { lines: number; bytes: number } };
}

async function drillWith(dir: string, name: string, count: number) {
  const dataDir = join(dir, name);
  const runbook = (await readFile(RUNBOOK, 'utf8')).replace(
    /argv: \["\.\/scripts\/db-health\.sh", "--service", "\{\{service\}\}"\], timeout: 30s/,
    `argv: ${JSON.stringify(printer(count))}, timeout: 120s`,
  );
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, runbook);
  const run = await execa('/usr/bin/time', ['-f', 'maxrss-kb=%M', process.execPath, BIN, 'drill', file, '--scenario', 'bad-deploy', '--autopilot', '--json'], {
    reject: false,
    env: { NO_COLOR: '1', COCKPIT_DATA_DIR: dataDir, COCKPIT_NO_COMPILE_CACHE: '1', PATH: process.env['PATH'] ?? '' },
    timeout: 170_000,
  });
  const [incident] = (await readdir(join(dataDir, 'incidents'), { withFileTypes: true })).filter((e) => e.isDirectory());
  const log = await readFile(join(dataDir, 'incidents', incident!.name, 'events.jsonl'), 'utf8');
  const events = log.trimEnd().split('\n').map((l) => JSON.parse(l) as Event);
  const rssMb = Number(/maxrss-kb=(\d+)/.exec(String(run.stderr))?.[1]) / 1000;
  return { run, events, logBytes: Buffer.byteLength(log), rssMb };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-bounded-output-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a command printing 200,000 lines in a drill', () => {
  it('leaves its head, its tail and one cut notice on the timeline, and memory flat', async () => {
    const quiet = await drillWith(dir, 'quiet', 10);
    expect(quiet.run.exitCode, quiet.run.stderr).toBe(0);
    const loud = await drillWith(dir, 'loud', LINES);
    expect(loud.run.exitCode, loud.run.stderr).toBe(0);
    console.info(`peak RSS: ${quiet.rssMb} MB with 10 lines, ${loud.rssMb} MB with ${LINES} lines; events.jsonl ${quiet.logBytes} → ${loud.logBytes} bytes`);

    const outputs = loud.events.filter((e) => e.kind === 'action.output');
    const { headLines, tailLines } = DEFAULT_OUTPUT_LIMITS;
    expect(outputs.length).toBeLessThanOrEqual(headLines + 1 + tailLines);
    const outputBytes = outputs.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0);
    expect(outputBytes).toBeLessThan(200_000);
    // The head and tail here, plus the 64 KB head and tail of each stream the command plugin keeps in its outcome.
    expect(loud.logBytes).toBeLessThan(quiet.logBytes + 400_000);

    const chunks = outputs.map((e) => e.data.chunk ?? '');
    expect(chunks[0]).toMatch(/^line 1 x+\n$/);
    expect(chunks).toContain(`line ${LINES} ${'x'.repeat(390)}\n`);
    // stdout and stderr are two pipes: which one the cockpit reads last is the kernel's choice, so the
    // stderr line is somewhere in the held tail, not necessarily last.
    expect(chunks.slice(chunks.findIndex((c) => c.startsWith('… '))).includes(`printed ${LINES} lines\n`)).toBe(true);
    expect(outputs.find((e) => e.data.chunk === `printed ${LINES} lines\n`)!.data.stream).toBe('stderr');
    const notices = outputs.filter((e) => e.data.cut);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.data.chunk).toMatch(/^… 199,\d{3} lines \(80 MB\) cut …\n$/);
    // every line is either on the timeline or counted in the notice
    expect(outputs.length - 1 + notices[0]!.data.cut!.lines).toBe(LINES + 1);
    // the action's end comes after all of its output
    const action = outputs[0]!.data.action;
    const succeeded = loud.events.findIndex((e) => e.kind === 'action.succeeded' && e.data.action === action);
    expect(loud.events.findLastIndex((e) => e.kind === 'action.output')).toBeLessThan(succeeded);

    expect(loud.rssMb - quiet.rssMb).toBeLessThan(60);
  }, 300_000);
});
