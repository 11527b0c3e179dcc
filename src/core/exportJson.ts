import { checkAnchor, describeAnchorCheck, parseAnchor, type Anchor } from './anchor';
import type { StoredEvent } from './events';
import { ChainVerifier, sealEvent } from './hashChain';
import { fold, type IncidentState } from './incident';
import { responseMetrics, type ResponseMetrics } from './metrics';
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
  readonly events: readonly StoredEvent[];
}

export function buildExport(state: IncidentState, events: readonly StoredEvent[]): IncidentExport {
  return { format: EXPORT_FORMAT, events, ...exportFacts(state) };
}

function exportFacts(state: IncidentState): Pick<IncidentExport, 'incident' | 'anchor' | 'metrics'> {
  return { incident: summarize(state), anchor: { events: state.lastSeq, head: state.lastHash }, metrics: responseMetrics(state) };
}

/**
 * What follows the events in a streamed export: the members `incident`, `anchor` and `metrics`
 * as `JSON.stringify(…, null, 2)` would print them inside the export's object, and a newline.
 */
export function exportTrailer(state: IncidentState): string {
  const members = Object.entries(exportFacts(state)).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`);
  return `${members.join(',\n')}\n`;
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
