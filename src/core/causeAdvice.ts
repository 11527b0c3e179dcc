/**
 * The advice before the responder acted on a burn's cause: roll back the deploy it began with (or
 * why not), or that no recent change explains it. Pure.
 */
import { decidingReasons } from './actions';
import { lastFlagLine, sincePrevious, type CauseContext } from './causeLines';
import { datedDeploys, shortRevision, type Cause, type DatedDeploy } from './changeCorrelation';
import { blockedBecause } from './rollbackPreview';
import { roughDuration } from './roughDuration';
import type { Recommendation, RecommendationContext, RecommendationInput } from './recommendationTypes';

const MINUTE = 60_000;

/** What the advice on a cause reads of the burn. */
export type AdviceContext = CauseContext & RecommendationContext;

export function deployAgo(input: RecommendationInput, deploy: DatedDeploy | undefined, note: (at: number) => string = () => ''): string {
  return deploy ? `${deploy.deploy.revision}, ${roughDuration(input.now - deploy.at)} ago${note(deploy.at)}` : 'none known';
}


export function rollbackFor(context: AdviceContext, cause: DatedDeploy): Recommendation {
  const { input, onsetAt } = context;
  const { deploy } = cause;
  const preview = input.rollbackPreview;
  const lead = `${deploy.revision} deployed ${roughDuration(onsetAt - cause.at)} before ${context.fired}`;
  const base = [`${deploy.revision} deployed ${roughDuration(input.now - cause.at)} ago${deploy.actor ? ` by ${deploy.actor}` : ''}`, ...(input.flagChanges.length > 0 ? [lastFlagLine(context, cause.at)] : []), ...context.burnLines];
  const running = preview?.status === 'planned' ? preview.current : input.deploys.find((d) => d.current)?.revision;
  if (running !== undefined && running !== deploy.revision) {
    return { kind: 'no-explaining-change', slo: context.slo, text: `No running change explains the burn: ${lead}, but ${running} runs now`, evidence: base };
  }
  if (preview?.status === 'planned' && (preview.verdict.level === 'blocked' || preview.verdict.level === 'unsupported')) {
    const why = preview.verdict.level === 'blocked' ? blockedBecause(preview, input.deploys) : preview.verdict.reasons[0] ?? 'the provider cannot roll back';
    // What blocks it, only: the checks that passed ("one revision back") are no reason it is blocked.
    return { kind: 'rollback-blocked', slo: context.slo, text: `Rollback blocked (${why}) — use a flag or fix forward`, evidence: [lead, ...decidingReasons(preview.verdict), ...base] };
  }
  if (preview?.status !== 'planned') {
    const why = preview?.status === 'none' ? `no rollback plan: ${preview.reason}` : 'no rollback plan yet';
    return { kind: 'rollback', slo: context.slo, text: `Rollback recommended: ${lead}`, evidence: [why, ...base] };
  }
  // Never name as the target a revision this incident rolled back from, nor the one the burn started with. An
  // undo's is not one (core/knownBad.ts): while the undo of the rollback that worked rolled out, :41 read "known bad".
  const knownBad = new Set([deploy.revision, ...input.actions.flatMap((a) => (a.kind === 'rollback' && a.undo !== true ? [a.from] : []))]);
  if (knownBad.has(preview.target)) {
    return {
      kind: 'rollback',
      slo: context.slo,
      text: `Rollback recommended: ${lead}; the planned target ${shortRevision(preview.target)} is known bad — choose the target on purpose`,
      evidence: [`the provider plans ${preview.current} → ${preview.target}`, ...base],
    };
  }
  const gate = preview.verdict.level === 'ok' ? '✓ safe' : 'needs typed confirmation';
  // What asks for typing, each on a line of its own after the plan ("→ checkout-api:41, checkout-api:41, the newest registered …" ran the two together).
  const deciding = preview.verdict.level === 'typed' ? decidingReasons(preview.verdict) : [];
  const passed = preview.verdict.reasons.filter((reason) => !deciding.includes(reason));
  return {
    kind: 'rollback',
    slo: context.slo,
    text: `Rollback recommended: ${lead}; target ${shortRevision(preview.target)} (${gate})`,
    // Each further reason on a line of its own: joined, the plan's line ran past 160 columns ("…passes over checkout-api:42, k…").
    evidence: [`the provider plans ${preview.current} → ${preview.target}${passed.length > 0 ? `, ${passed[0]}` : ''}`, ...passed.slice(1), ...deciding, ...base],
  };
}

/**
 * "; :41, the rollback's target, ran then": the build a rollback would go back to ran as the burn
 * began, so going back to it is no way out. A rollback to :41, under which the burn had begun an
 * hour before (:42 since took it from 60x to 16x), was confirmed as "✓ SAFE" and tripled the burn.
 */
function targetRanThen(input: RecommendationInput, began: number): string {
  const preview = input.rollbackPreview;
  if (preview?.status !== 'planned') return '';
  const ran = datedDeploys(input.deploys).find((d) => d.at <= began && d.deploy.status === 'successful');
  return ran?.deploy.revision === preview.target ? `; ${shortRevision(preview.target)}, the rollback's target, ran then` : '';
}

export function noExplainingChange(context: AdviceContext, cause: Extract<Cause, { kind: 'none' }>): Recommendation {
  const { input, began, onsetAt } = context;
  // The burn began well before the trigger fired: a change since is no cause, and is said as such
  // (a deploy 20m before the firing, after hours of burn, read as "no deploy in the 12h before").
  const early = onsetAt - began > MINUTE;
  const since = (at: number) => at > began && at <= onsetAt;
  const afterIt = early
    ? [
        ...datedDeploys(input.deploys).filter((d) => since(d.at)).map((d) => `${d.deploy.revision} deployed ${roughDuration(input.now - d.at)} ago, after the burn had begun: not what began it, though it may have changed it since`),
        ...input.flagChanges.filter((f) => since(f.changedAt)).map((f) => `${f.key} changed ${roughDuration(input.now - f.changedAt)} ago, after the burn had begun: not what began it, though it may have changed it since`),
      ]
    : [];
  const before = early ? `before the burn began (by ${new Date(began).toISOString().slice(11, 16)}Z, from its windows)` : `before ${context.fired}`;
  const last = early && cause.ranCleanBy === undefined ? 'before it' : '';
  // Why a recent change is no cause: it ran through the previous incident's resolve.
  const ranClean = (at: number) => (cause.ranCleanBy !== undefined && at <= cause.ranCleanBy ? `, before ${input.previousIncident!.id} was resolved: it ran with the burn stopped` : '');
  return {
    kind: 'no-explaining-change',
    slo: context.slo,
    text: `No recent change explains the burn: no deploy or flag change ${cause.ranCleanBy === undefined ? `in the ${roughDuration(cause.recentMs)} ${before}` : sincePrevious(context)}${early ? targetRanThen(input, began) : ''}`,
    evidence: [
      ...afterIt,
      `last deploy${last ? ` ${last}` : ''}: ${deployAgo(input, cause.lastDeploy, ranClean)}`,
      `last flag change${last ? ` ${last}` : ''}: ${cause.lastFlag ? `${cause.lastFlag.key}, ${roughDuration(input.now - cause.lastFlag.changedAt)} ago${ranClean(cause.lastFlag.changedAt)}` : 'none known'}`,
      ...context.burnLines,
    ],
  };
}
