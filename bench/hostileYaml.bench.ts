// Hostile runbooks of issue #11 (reported, not asserted): the median time to load each (parse,
// shape checks, schema and cross-checks, no plugin code) and the size of what lint would print.
// Before the fix (9d08f9f) the 60,000-key file took minutes and the nested keys printed hundreds
// of KB; see the numbers in the commit that added this file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintRunbookFile } from '../src/runbook/load';
import { formatProblem } from '../src/runbook/problem';
import { HOSTILE_YAML } from '../test/support/hostileYaml';
import { builtinPlugins } from '../plugins/index';

const RUNS = 5;
const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-hostile-'));
try {
  process.stdout.write('| file | size | median load | printed |\n|---|---|---|---|\n');
  for (const [name, make] of Object.entries(HOSTILE_YAML)) {
    const file = join(dir, `${name}.yaml`);
    const text = make();
    await writeFile(file, text);
    const times: number[] = [];
    let printed = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const problems = await lintRunbookFile(file, { builtins: builtinPlugins });
      times.push(performance.now() - started);
      printed = problems.map((p) => formatProblem(p).length + 1).reduce((a, b) => a + b, 0);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    process.stdout.write(`| ${name} | ${(text.length / 1024).toFixed(1)} KiB | ${median.toFixed(1)} ms | ${printed} B |\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
