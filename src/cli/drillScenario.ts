import { readFile } from 'node:fs/promises';
import type { LoadResult as RunbookLoad } from '../runbook/load';
import { formatProblem } from '../runbook/problem';
import { checkScenarioAgainstRunbook, type LoadedScenario } from '../sandbox/scenario';
import { readOwnFlags } from '../sandbox/runbookFlags';
import { resolveScenario } from '../sandbox/scenarioBuiltins';
import { startupMark } from './startupMarks';

export type DrillScenario = { readonly ok: true; readonly scenario?: LoadedScenario } | { readonly ok: false; readonly lines: readonly string[] };

/**
 * The scenario `arg` names, bound to the runbook if it is a built-in (a template bound to the
 * runbook's service, SLOs and kill switch; a file is used as written) and checked against it;
 * none for a resumed drill (`arg` undefined). Not ok: the lines to print (with the runbook's own
 * problems first), each ending in a newline. A module of its own: an interactive drill loads it
 * (the scenario schema, the templates) after its first frame (issue #17).
 */
export async function drillScenario(file: string, loaded: RunbookLoad, arg: string | undefined): Promise<DrillScenario> {
  const bindTo = loaded.ok ? { runbook: loaded.runbook, file, text: await readFile(file, 'utf8'), flags: await readOwnFlags(loaded.runbook, file) } : undefined;
  const scenario = arg === undefined ? undefined : await resolveScenario(arg, process.cwd(), bindTo);
  startupMark('scenario resolved');
  const problems = [...(loaded.ok ? [] : loaded.problems), ...(scenario && !scenario.ok ? scenario.problems : [])];
  if (loaded.ok && scenario?.ok) problems.push(...checkScenarioAgainstRunbook(scenario.loaded, loaded.runbook));
  const lines = [...(scenario && !scenario.ok && 'message' in scenario ? [`cockpit drill: ${scenario.message}\n`] : []), ...problems.map((problem) => `${formatProblem(problem)}\n`)];
  if (!loaded.ok || (scenario && !scenario.ok) || lines.length > 0) return { ok: false, lines };
  return { ok: true, ...(scenario?.ok ? { scenario: scenario.loaded } : {}) };
}
