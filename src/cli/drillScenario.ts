import { access, readFile } from 'node:fs/promises';
import type { LoadResult as RunbookLoad } from '../runbook/load';
import { formatProblem } from '../runbook/problem';
import { checkScenarioAgainstRunbook, type LoadedScenario } from '../sandbox/scenario';
import { ownFlagFile, readOwnFlags } from '../sandbox/runbookFlags';
import { listBuiltinScenarios, resolveScenario } from '../sandbox/scenarioBuiltins';
import type { Runbook } from '../core/runbookModel';
import { startupMark } from './startupMarks';

/** `notices`: what the responder is told from the start (the drill's screen, or stderr for the autopilot). */
export type DrillScenario = { readonly ok: true; readonly scenario?: LoadedScenario; readonly notices: readonly string[] } | { readonly ok: false; readonly lines: readonly string[] };

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
  const bound = scenario?.ok === true && arg !== undefined && listBuiltinScenarios().includes(arg) ? scenario.loaded : undefined;
  return { ok: true, ...(scenario?.ok ? { scenario: scenario.loaded } : {}), notices: bound === undefined ? [] : await madeUpFlags(loaded.runbook, file, bound) };
}

/**
 * A built-in bound to a runbook whose flag file is not there: the sandbox's flags (the kill
 * switch's among them) are made up from the runbook's steps, and the drill would rehearse a kill
 * switch that, in an incident, reads a file nobody has seen. Said, not refused: the file may be
 * written at deploy time (lint is silent about it for that reason).
 */
async function madeUpFlags(runbook: Runbook, file: string, scenario: LoadedScenario): Promise<string[]> {
  const flagFile = ownFlagFile(runbook, file);
  const flags = Object.keys(scenario.scenario.flags);
  if (flagFile === undefined || flags.length === 0 || (await access(flagFile.path).then(() => true, () => false))) return [];
  return [`${flagFile.setting} is not there: the drill made up its flags (${flags.join(', ')})`];
}
