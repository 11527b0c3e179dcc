import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { WINDOW_PLACEHOLDER, WINDOW_STAND_IN, type PromqlProblem } from './promql';

/**
 * PromQL checked by Prometheus itself: `promtool check rules` on a rules file with one recording
 * rule per query runs Prometheus's own parser and type checker, so what it rejects (`rate` of an
 * instant vector, a regex that does not compile) is what a real Prometheus would reject. Used by
 * lint when promtool is on PATH; without it, lint has only the syntax check of promql.ts.
 */

export interface IndexedQuery {
  /** Which SLO the query is the `error_ratio` of. */
  readonly index: number;
  readonly expression: string;
}

export type PromtoolProblem = PromqlProblem & { readonly index: number };

const PROMTOOL_TIMEOUT_MS = 10_000;

export async function checkWithPromtool(queries: readonly IndexedQuery[], promtool = 'promtool'): Promise<PromtoolProblem[]> {
  if (queries.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-promtool-'));
  try {
    // JSON strings are YAML double-quoted scalars: every expression goes in as written.
    const rules = queries.flatMap((q) => [`      - record: slo_${q.index}`, `        expr: ${JSON.stringify(standIn(q.expression))}`]);
    await writeFile(join(dir, 'rules.yml'), ['groups:', '  - name: cockpit-lint', '    rules:', ...rules, ''].join('\n'));
    const run = await execa(promtool, ['check', 'rules', 'rules.yml'], { cwd: dir, reject: false, timeout: PROMTOOL_TIMEOUT_MS, stdin: 'ignore' });
    // No promtool (ENOENT), or it did not answer in time: the syntax check stands alone.
    if (run.exitCode === undefined || run.exitCode === 0) return [];
    return rejections(`${String(run.stdout)}\n${String(run.stderr)}`, queries);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// `rules.yml: 5:15: group "cockpit-lint", rule 1, "slo_0": could not parse expression: 1:10: parse error: expected type …`
const REJECTION = /"slo_(\d+)": (?:could not parse expression: )?(?:(\d+):(\d+): )?(?:parse error: )?(.+)$/;

function rejections(output: string, queries: readonly IndexedQuery[]): PromtoolProblem[] {
  const problems: PromtoolProblem[] = [];
  for (const line of output.split('\n')) {
    const match = REJECTION.exec(line);
    const query = match ? queries.find((q) => q.index === Number(match[1])) : undefined;
    if (!match || !query) continue;
    const offset = match[2] === undefined ? 0 : offsetOf(query.expression, Number(match[2]), Number(match[3]));
    problems.push({ index: query.index, offset, message: `Prometheus rejects this query (promtool): ${match[4]!.trim()}` });
  }
  return problems;
}

function standIn(expression: string): string {
  return expression.replaceAll(WINDOW_PLACEHOLDER, WINDOW_STAND_IN);
}

/** Prometheus's 1-based line:col in the query, as an offset into it (the stand-in keeps offsets). */
function offsetOf(expression: string, line: number, col: number): number {
  const lines = expression.split('\n');
  const before = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  return Math.max(0, Math.min(before + col - 1, expression.length - 1));
}
