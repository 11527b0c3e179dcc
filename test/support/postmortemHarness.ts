import { expect } from 'vitest';
import { buildExport, type IncidentExport } from '../../src/core/exportJson';
import { fold } from '../../src/core/incident';
import { runAutopilot } from '../../src/session/autopilot';
import { expectTargetsMeetable } from './drillTargets';
import { responseMetrics } from '../../src/core/metrics';
import { PostmortemBuilder, type PostmortemOptions } from '../../src/core/postmortem';
import { openDrill, type DrillHarness } from './drillHarness';

/**
 * A built-in scenario played by `play` at max speed, exported as the Markdown postmortem (the
 * sandbox's temp dir replaced by `<sandbox>`). `autopilot: false` for plays the autopilot refuses,
 * such as forcing a blocked rollback through.
 */
export async function postmortem(scenario: string, play: (h: DrillHarness) => Promise<unknown>, options: PostmortemOptions = {}, drill = { autopilot: true }): Promise<string> {
  return (await exports(scenario, play, options, drill)).md;
}

/**
 * The same play exported both ways: the Markdown postmortem and the JSON export. A max-speed drill
 * is deterministic, so the same play with the same options is drilled once per worker and its
 * exports shared (two tests read bad-flag played right, each a drill of ~1.5 s of CPU).
 */
export function exports(scenario: string, play: (h: DrillHarness) => Promise<unknown>, options: PostmortemOptions = {}, drill = { autopilot: true }): Promise<{ md: string; json: IncidentExport }> {
  const key = JSON.stringify([scenario, options, drill]);
  const plays = played.get(play) ?? new Map<string, Promise<{ md: string; json: IncidentExport }>>();
  played.set(play, plays);
  const known = plays.get(key);
  if (known) return known;
  const exported = drillAndExport(scenario, play, options, drill);
  // A failed play is not kept: the next test that asks plays it again, and fails on its own.
  exported.catch(() => plays.delete(key));
  plays.set(key, exported);
  return exported;
}
const played = new WeakMap<(h: DrillHarness) => Promise<unknown>, Map<string, Promise<{ md: string; json: IncidentExport }>>>();

async function drillAndExport(scenario: string, play: (h: DrillHarness) => Promise<unknown>, options: PostmortemOptions, drill: { autopilot: boolean }): Promise<{ md: string; json: IncidentExport }> {
  const h = await openDrill(scenario, drill);
  try {
    await play(h);
    return await exportsOf(h, options);
  } finally {
    await h.cleanup();
  }
}

/** A drill played so far, exported both ways (the sandbox's temp dir replaced by `<sandbox>`). */
export async function exportsOf(h: DrillHarness, options: PostmortemOptions = {}): Promise<{ md: string; json: IncidentExport }> {
  const events = await h.events();
  const folded = fold(events);
  if (!folded.ok) throw new Error(folded.reason);
  const builder = new PostmortemBuilder(options);
  for (const event of events) builder.add(event);
  const md = builder.render(folded.state, responseMetrics(folded.state)).replaceAll(h.drill.world.sandboxDir, '<sandbox>');
  return { md, json: buildExport(folded.state, events) };
}

/**
 * The runbook played by the autopilot, which must recover the world: these plays are also the
 * proof that checkout-api recovers from each built-in scenario (test/cli/drill.test.ts drills the
 * other example runbooks through the built CLI).
 */
export async function playedRight(h: DrillHarness): Promise<void> {
  const report = await runAutopilot(h.drill, h.runbook);
  expect(report).toMatchObject({ recovered: true, recoveryChecksPassed: true, verdict: 'recovered' });
  expectTargetsMeetable(report);
}

/** A `## title` section of the postmortem, up to the next one. */
export const section = (md: string, title: string) => {
  const start = md.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
};
/** The table rows that start with a date. */
export const rowsOf = (text: string) => text.split('\n').filter((l) => l.startsWith('| 20'));
export const mermaidBlock = (md: string) => md.slice(md.indexOf('```mermaid'), md.indexOf('```\n', md.indexOf('```mermaid') + 10) + 3);
