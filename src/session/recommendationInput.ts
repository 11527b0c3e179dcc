import { attributeRollbackDeploys } from '../core/deployAttribution';
import { staleStamp } from '../core/observationEvents';
import { burningSince, burnEvidenceOf, changeStarts, slosOverOlderBurn, stoppedAfterChange, unpagedBurn, type WindowsBefore } from '../core/burnEvidence';
import { burnRate } from '../core/burnRate';
import type { FlagChange } from '../core/changeCorrelation';
import type { IncidentState } from '../core/incident';
import type { BurnEvidence, RecommendationInput } from '../core/recommendation';
import { responderActions, undoneActions, withRunningRevisions } from '../core/responderActions';
import { sloStatus } from '../core/sloStatus';
import type { Deploy, Flag } from '../plugins/contract';
import { burnNotBefore, ranCleanBefore } from '../core/priorIncident';
import { withRolledBackFrom } from '../core/rememberedDeploys';
import { sloDataSince, sloTaskKey, type ViewInputs } from './viewInputs';

/**
 * The recommendation's evidence, gathered from what the session holds: the active triggers and
 * the latest window burns, the deploys and flags as the providers last reported them (else as the
 * timeline recorded them), the rollback preview and the responder's actions.
 */
export function recommendationInput(input: ViewInputs): RecommendationInput {
  const { state } = input;
  const listed = input.observations.get('deploys')?.value as readonly Deploy[] | undefined;
  // Attributed as the deploys panel has them: the undo's redeploy of :42 read "deployed 11m ago by dave" (who made :42) beside the panel's `root`.
  const deploys = listed === undefined ? undefined : attributeRollbackDeploys(listed, state.actions, input.responder, state.previousIncident);
  const flags = input.observations.get('flags')?.value as readonly Flag[] | undefined;
  const known = deploysKnownTo(deploys, state);
  return {
    now: input.now.getTime(),
    burns: burnEvidence(input),
    // With the builds this incident rolled back from that the provider no longer lists (as the deploys panel has them),
    // and every other deploy the timeline saw that it no longer lists: a rollback's own deploy,
    // drained from a DescribeServices history, left "last deploy: none known".
    deploys: known,
    flagChanges: flagChanges(flags ?? [], state),
    ...(input.rollbackPreview ? { rollbackPreview: input.rollbackPreview } : {}),
    actions: withRunningRevisions(responderActions(state.actions), known),
    undone: undoneActions(state.actions),
    // A watch cannot mark it (its `m` is refused): the key is not offered there.
    marked: state.mitigatedAt !== undefined || state.resolvedAt !== undefined || input.readOnly === true,
    shortBurns: input.burnHistory,
    ...ranCleanBefore(input.state.previousIncident),
  };
}

/**
 * A deploys or flags provider that has not answered yet (and a timeline that has not seen any):
 * its silence is not "nothing changed", so no recommendation is made until it answers.
 */
export function awaitingEvidence(input: ViewInputs): boolean {
  const silent = (key: 'deploys' | 'flags') => {
    const source = input.sources[key];
    return source !== undefined && source.failure === undefined && input.observations.get(key)?.observedAt === undefined;
  };
  return (silent('deploys') && Object.keys(input.state.deploys).length === 0) || (silent('flags') && Object.keys(input.state.flags).length === 0);
}

function burnEvidence(input: ViewInputs): BurnEvidence[] {
  const notBefore = burnNotBefore(input.state.previousIncident);
  const now = input.now.getTime();
  const bound = notBefore === undefined ? {} : { notBefore };
  const burnsOf = (slo: { readonly name: string; readonly objective: number }) => (windowMs: number) => {
    const ratio = input.observations.get(sloTaskKey(slo.name, windowMs))?.value;
    return burnRate(typeof ratio === 'number' ? ratio : null, slo.objective);
  };
  const triggers = Object.values(input.state.triggers);
  // An SLO no trigger of which fired yet, burning at a page's pace: its evidence, ahead of the page.
  // How far back the SLO's data surely goes (the provider's dataSince): its windows date nothing before it.
  const dataOf = (slo: string) => {
    const since = sloDataSince(input, slo);
    return since === undefined ? {} : { dataSince: since };
  };
  // When the responders' changes began: one made while an unpaged burn went on is what stopped it, or not.
  const changesAt = changeStarts(input.state.actions);
  const olderBurn = slosOverOlderBurn(triggers, input.burnHistory ?? new Map(), input.state.actions);
  const unpaged = input.runbook.slos.flatMap((slo) => {
    if (triggers.some((t) => t.slo === slo.name)) return [];
    const history = input.burnHistory.get(slo.name) ?? [];
    const seenSince = burningSince(history);
    const rules = input.rules.filter((r) => r.slo === slo.name);
    const before = windowsBefore(input, slo);
    const burn = unpagedBurn(rules, burnsOf(slo), { now, ...bound, ...dataOf(slo.name), ...(seenSince === undefined ? {} : { seenSince }), ...(before === undefined ? {} : { before }) });
    const stopped = burn !== undefined || input.state.resolvedAt !== undefined ? undefined : stoppedAfterChange(rules, burnsOf(slo), history, changesAt, { now, ...bound, ...dataOf(slo.name), ...(before === undefined ? {} : { before }) });
    return burn === undefined ? (stopped === undefined ? [] : [stopped]) : [burn];
  });
  return [...triggers.flatMap((trigger) => {
    const rule = input.rules.find((r) => r.id === trigger.trigger);
    const slo = input.runbook.slos.find((s) => s.name === trigger.slo);
    if (!rule || !slo) return [];
    const burnOn = burnsOf(slo);
    // A cleared trigger still counts while the panel says its SLO is recovering or burning (a
    // window drains over its threshold, or over 1x after the errors stopped): the burn is falling,
    // not gone, and the responder is told what it waits on. A 6h rule that never fired counts
    // too: its 30m window held the burn the 1h rule's trigger had paged for, after that trigger cleared.
    const status = sloStatus(input.rules.filter((r) => r.slo === slo.name), burnOn);
    if (!trigger.active && status !== 'recovering' && status !== 'burning') return [];
    const before = windowsBefore(input, slo);
    return [{ ...burnEvidenceOf(rule, trigger.active, burnOn, { now, known: trigger, ...bound, ...dataOf(slo.name), ...(before === undefined ? {} : { before }), olderBurn: olderBurn.has(slo.name) }), sloBurning: status === 'burning' }];
  }), ...unpaged];
}

/** The deploys the provider lists with those the timeline saw that it no longer lists; the timeline's alone until it answers. */
export function deploysKnownTo(deploys: readonly Deploy[] | undefined, state: IncidentState): readonly Deploy[] {
  return deploys === undefined ? deploysFromTimeline(state) : withForgotten(withRolledBackFrom(deploys, state), state);
}

/** `deploys`, and the ones the timeline saw that they no longer list (not current: the provider says what runs). */
function withForgotten(deploys: readonly Deploy[], state: IncidentState): Deploy[] {
  const listed = new Set(deploys.flatMap((d) => [d.id, d.revision]));
  return [...deploys, ...deploysFromTimeline(state).filter((d) => !listed.has(d.id) && !listed.has(d.revision)).map((d) => ({ ...d, current: false }))];
}

/** Deploys as the timeline last saw them, when the provider has not answered in this session. */
function deploysFromTimeline(state: IncidentState): Deploy[] {
  return Object.values(state.deploys).map((d) => ({
    id: d.id,
    revision: d.revision,
    artifacts: [],
    status: d.status as Deploy['status'],
    ...(d.startedAt ? { startedAt: d.startedAt } : {}),
    ...(d.finishedAt ? { finishedAt: d.finishedAt } : {}),
    ...(d.actor ? { actor: d.actor } : {}),
    labels: {},
    current: d.current ?? false,
  }));
}

/** Every known change of every flag: the provider's last, and the ones the timeline recorded before it. */
export function flagChanges(flags: readonly Flag[], state: IncidentState): FlagChange[] {
  const keys = new Set([...flags.map((f) => f.key), ...Object.keys(state.flags)]);
  return [...keys].flatMap((key) => {
    const reported = flags.find((f) => f.key === key);
    const known = state.flags[key];
    // The cockpit's first sighting of a flag is no change of it.
    const knownAt = known?.changeTime === 'first-seen' ? undefined : known?.changedAt;
    // Its author is an earlier change's where the timeline saw this one itself (core/observationEvents.ts `staleStamp`).
    const by = staleStamp(known, reported?.changedAt) ? known?.by : (reported?.changedBy ?? known?.by);
    const times = new Set([reported?.changedAt, knownAt, ...(known?.earlierChangesAt ?? [])].flatMap((t) => (t === undefined ? [] : [Date.parse(t)])));
    const latest = Math.max(...times);
    return [...times].filter(Number.isFinite).map((changedAt): FlagChange => ({
      key,
      changedAt,
      // Who and what are known only for the latest change.
      ...(changedAt === latest
        ? {
            ...(by ? { by } : {}),
            ...(reported ? { variant: reported.defaultVariant, state: reported.state } : known ? { variant: known.variant, ...(known.state ? { state: known.state } : {}) } : {}),
          }
        : {}),
    }));
  });
}

/** The SLO's windows as the incident's first action started (its burn before anyone changed anything). */
function windowsBefore(input: ViewInputs, slo: { readonly name: string; readonly objective: number }): WindowsBefore | undefined {
  const readings = input.state.windowsBeforeActing?.[slo.name];
  if (readings === undefined || readings.length === 0) return undefined;
  return {
    at: Math.max(...readings.map((r) => Date.parse(r.at))),
    burnOn: (windowMs) => burnRate(readings.find((r) => r.windowMs === windowMs)?.errorRatio ?? null, slo.objective),
    rules: input.rules.filter((r) => r.slo === slo.name),
  };
}
