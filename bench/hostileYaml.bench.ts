// Hostile runbooks (reported, not asserted): the median time to load each (parse, shape checks,
// schema and cross-checks, no plugin code) and the size of what lint would print. Each figure
// stands beside a floor measured in the same run, the load of a valid runbook, as a ratio: on a
// loaded machine both slow down together, so the ratio says more than the milliseconds.
// Issue #11's files (before the fix, 9d08f9f, the 60,000-key file took minutes and the nested
// keys printed hundreds of KB) and the inputs test/unit/runbook/hostile.test.ts rejects, whose
// wall-clock budgets (1 s, 5 s for the big ones) were measured there until issue #12.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintRunbookFile } from '../src/runbook/load';
import { formatProblem } from '../src/runbook/problem';
import { HOSTILE_YAML } from '../test/support/hostileYaml';
import { VALID } from '../test/support/runbookText';
import { builtinPlugins } from '../plugins/index';
import { pluginCatalog } from '../src/plugins/registry';

const RUNS = 5;

function aliasBomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${levels.join('\n')}\n`;
}

/** The floor first: every other figure is read against it. */
const FILES: Readonly<Record<string, () => string>> = {
  'valid runbook (floor)': () => VALID,
  'alias bomb': aliasBomb,
  '5 MB file': () => `version: 1\nservice: x\n# ${'x'.repeat(5 * 1024 * 1024)}\n`,
  '10,000-deep flow nesting': () => `version: 1\nservice: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  '10,000-deep block nesting': () => `version: 1\nservice:\n${'- '.repeat(10_000)}x\n`,
  ...HOSTILE_YAML,
};

const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-hostile-'));
try {
  process.stdout.write('| file | size | median load | × floor | printed |\n|---|---|---|---|---|\n');
  let floor: number | undefined;
  for (const [name, make] of Object.entries(FILES)) {
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
    const text = make();
    await writeFile(file, text);
    await lintRunbookFile(file, { catalog: pluginCatalog(builtinPlugins) }); // warm-up: the first load also compiles the loader
    const times: number[] = [];
    let printed = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const problems = await lintRunbookFile(file, { catalog: pluginCatalog(builtinPlugins) });
      times.push(performance.now() - started);
      printed = problems.map((p) => formatProblem(p).length + 1).reduce((a, b) => a + b, 0);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    floor ??= median;
    process.stdout.write(`| ${name} | ${(text.length / 1024).toFixed(1)} KiB | ${median.toFixed(1)} ms | ${(median / floor).toFixed(1)}× | ${printed} B |\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
