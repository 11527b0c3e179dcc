import { checkAnchor, describeAnchorCheck, parseAnchor, type Anchor } from './anchor';
import type { StoredEvent } from './events';
import { ChainVerifier, sealEvent } from './hashChain';
import { fold, type IncidentState } from './incident';
import { responseMetrics, type ResponseMetrics } from './metrics';
import { PostmortemFacts } from './postmortemFacts';
import { budgetBeforeSamples, estimateImpact } from './postmortemImpact';
import { describeEvent } from './describeEvent';
import type { ImpactBasis } from './impactStart';
import { openEnds, type OpenEnds } from './openEnds';
import { judgeRollbacks, type BurnSamples } from './burnWentOn';
import { notTheCauseNow } from './notTheCause';
import { summarize, type IncidentSummary } from './summary';

/**
 * The machine-readable export: `{ format, events, incident, anchor, metrics }` (events first, so
 * an export is written as the log is read; what the whole fold says comes after them). Events are
 * exactly the log's events; since JSON keeps key order, re-serialising one reproduces its line
 * byte for byte, so an import can verify the whole hash chain again, and against the anchor (the
 * event count and head hash), so an export cut short does not pass for a whole one.
 */

export const EXPORT_FORMAT = 'incident-cockpit/v1';

export interface IncidentExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly incident: IncidentSummary;
  readonly anchor: Anchor;
  readonly metrics: ResponseMetrics;
  readonly impact: ImpactExport;
  /** What it left behind, as the resolve dialog and the postmortem's summary say (core/openEnds.ts). */
  readonly openEnds: OpenEnds;
  /**
   * Set when the log does not verify to its end: where it broke. The export holds the events
   * before it, and its anchor and state are theirs (a JSON export of an edited log looked whole).
   */
  readonly broken?: { readonly seq: number; readonly reason: string };
  readonly events: readonly StoredEvent[];
}

/**
 * When the impact began and what it cost from then, as the postmortem says it: `metrics` counts
 * the incident's own samples (from the opening); the impact often began an hour before. Without
 * this, a reader of `metrics.errorBudget` under-counted a bad-flag drill's budget 5x.
 */
export interface ImpactExport {
  /** ISO; absent when no sample showed an impact. */
  readonly startedAt?: string;
  /** How `startedAt` was found: `live` (a sample), `windows` (estimated from the windows' first answers), a `…-lower-bound`, or `none`. */
  readonly basis: ImpactBasis;
  readonly how: string;
  /**
   * Per SLO: the budget fraction consumed from the impact's start (`consumed`), of which before
   * the first sample; `gaps`, when there are any, the stretches no sample measured (core/sloGaps.ts),
   * which the count took at the burn read before each (`heldBurn`).
   */
  readonly errorBudget: readonly {
    readonly slo: string;
    readonly consumed: number;
    readonly beforeSamples: number;
    readonly gaps?: readonly { readonly from: string; readonly to: string; readonly heldBurn: number | null }[];
  }[];
}

/** The facts an export adds to the events; `impact` gathers what it needs from them as they are read. */
export class ExportFacts {
  private readonly facts = new PostmortemFacts({ rows: false });

  add(event: StoredEvent): void {
    this.facts.add(event, describeEvent);
  }

  of(state: IncidentState): Pick<IncidentExport, 'incident' | 'anchor' | 'metrics' | 'impact' | 'openEnds'> {
    const metrics = responseMetrics(state);
    const impact = estimateImpact(this.facts);
    const evidence = new Map(this.facts.sloEvidence().map((e) => [e.slo, e]));
    const errorBudget = metrics.errorBudget.map((b) => {
      const beforeSamples = budgetBeforeSamples(b, evidence.get(b.slo));
      const gaps = this.facts.sloGaps.of(b.slo, b.windowMs, Date.parse(b.to)).map((gap) => ({ from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString(), heldBurn: gap.heldBurn }));
      return { slo: b.slo, consumed: b.consumed + beforeSamples, beforeSamples, ...(gaps.length === 0 ? {} : { gaps }) };
    });
    // Not resolved: judged as the resolve would judge it now (the screen had cleared `↶ :42 not the cause`, the export kept it).
    const notTheCause = state.resolvedAt === undefined ? notTheCauseNow(state, this.facts.shortBurns, burnOver(this.facts.shortBurns)) : undefined;
    return {
      incident: summarize(state, notTheCause),
      anchor: { events: state.lastSeq, head: state.lastHash },
      metrics,
      impact: { ...(impact.at === undefined ? {} : { startedAt: new Date(impact.at).toISOString() }), basis: impact.basis, how: impact.how, errorBudget },
      openEnds: openEnds(state, judgeRollbacks(state.actions, this.facts.shortBurns)),
    };
  }

  /**
   * What follows the events in a streamed export: the members `incident`, `anchor`, `metrics`,
   * `impact` and `openEnds` as `JSON.stringify(…, null, 2)` would print them inside the export's object, and a newline.
   */
  trailer(state: IncidentState, broken?: { readonly seq: number; readonly reason: string }): string {
    const members = Object.entries({ ...this.of(state), ...(broken === undefined ? {} : { broken: { seq: broken.seq, reason: broken.reason } }) }).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`);
    return `${members.join(',\n')}\n`;
  }
}

/** Every SLO's last short-window reading is at most 1x: the burn is over at the log's end. */
function burnOver(burns: BurnSamples): boolean {
  const last = [...burns.values()].map((samples) => samples[samples.length - 1]?.burn);
  return last.length > 0 && last.every((burn) => burn !== undefined && burn !== null && burn <= 1);
}

export function buildExport(state: IncidentState, events: readonly StoredEvent[]): IncidentExport {
  const facts = new ExportFacts();
  for (const event of events) facts.add(event);
  return { format: EXPORT_FORMAT, events, ...facts.of(state) };
}

export type ImportResult = { ok: true; state: IncidentState; events: readonly StoredEvent[] } | { ok: false; reason: string };

/** Parses an export, re-verifies its chain and folds it. */
export function importExport(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const doc = parsed as Partial<IncidentExport> | null;
  if (doc === null || typeof doc !== 'object' || doc.format !== EXPORT_FORMAT) {
    return { ok: false, reason: `not an ${EXPORT_FORMAT} export` };
  }
  if (!Array.isArray(doc.events)) return { ok: false, reason: 'events is not an array' };
  const verifier = new ChainVerifier();
  for (const event of doc.events as StoredEvent[]) {
    const { hash, ...rest } = event;
    const { line } = sealEvent(rest);
    const checked = verifier.next(`${line.slice(0, line.lastIndexOf(',"hash":'))},"hash":${JSON.stringify(hash)}}`);
    if (!checked.ok) return { ok: false, reason: `seq ${checked.problem.seq}: ${checked.problem.reason}` };
  }
  const anchor = parseAnchor(doc.anchor);
  if (anchor === undefined) return { ok: false, reason: 'the export carries no anchor (event count and head hash)' };
  const atAnchor = (doc.events as StoredEvent[])[anchor.events - 1];
  const check = checkAnchor(anchor, { count: verifier.count, ...(atAnchor === undefined ? {} : { hashAtAnchor: atAnchor.hash }) });
  if (check.status !== 'match') return { ok: false, reason: `the events ${describeAnchorCheck(check, anchor, 'the export')}` };
  const folded = fold(doc.events as StoredEvent[]);
  return folded.ok ? { ok: true, state: folded.state, events: doc.events as StoredEvent[] } : folded;
}
