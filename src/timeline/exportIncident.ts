import { anchorFollower, describeAnchorCheck, type Anchor, type AnchorCheck } from '../core/anchor';
import type { StoredEvent } from '../core/events';
import { EXPORT_FORMAT, ExportFacts } from '../core/exportJson';
import { responseMetrics } from '../core/metrics';
import { PostmortemBuilder, type PostmortemOptions } from '../core/postmortem';
import { createCleaner } from '../core/displayText';
import { createRedactor } from '../core/redact';
import { REDACTION_RULES } from '../core/redactionRules';
import { createSecretMatcher, createSecretValueSearch } from '../core/secretMatcher';
import { stripTerminalControls } from '../core/terminalText';
import { fail, ok, type Result } from '../core/result';
import { jsonlSource, type IncidentSource } from './incidentSource';
import type { LogProblem } from './scanLog';

import type { ExportFormat } from './exportFormats';

export interface ExportOptions {
  readonly dataDir: string;
  readonly id: string;
  readonly format: ExportFormat;
  readonly secrets?: Iterable<string>;
  readonly signal?: AbortSignal;
  /** How the postmortem reaches back for changes and estimates failed requests. */
  readonly postmortem?: PostmortemOptions;
  /** Where the incident is stored (default: the JSONL store in `dataDir`). */
  readonly source?: IncidentSource;
}

export interface ExportDone {
  /**
   * Set when the log does not verify to its end, or contradicts its anchor (events cut from its
   * end, a rewritten head): the export covers the verified (or anchored) prefix only.
   */
  readonly problem?: Pick<LogProblem, 'seq' | 'reason'>;
  /** Where the log has no anchor (removed from incident.json, or written before anchors): events cut from its end would not show. */
  readonly unanchored?: true;
}

/** Where an export goes, a piece at a time; a promise holds the next piece back (backpressure). */
export type ExportSink = (text: string) => void | Promise<void>;

/** Events written out in batches of about this many characters: few writes, little held. */
const BATCH_CHARS = 1 << 16;

/**
 * Streams an incident as a postmortem or a JSON export, read-only, in one verifying pass over
 * the log; memory stays flat in the size of the incident for JSON (events are written as they
 * are read, each exactly its line in the log, so an import re-verifies the chain).
 *
 * Redaction happened when each event was written; the export trusts the log it has just
 * verified and does not redact again what its writer redacted under the same rules. An event
 * stamped with this cockpit's rules (`redaction`, see core/redactionRules.ts) is only searched,
 * literally, for the secret values given (a runbook secret added after the event was written).
 * An event written under other rules or none (an older cockpit's, a line edited by hand) is
 * scanned whole with every credential rule. Only an event in which a secret shows is redacted
 * (it then no longer matches its hash, as it would not anyway). The Markdown text is cleaned of
 * terminal escape sequences on the way out, and scanned whole for secrets when one of its events
 * was not trusted or a secret value shows in it.
 */
export async function streamExport(options: ExportOptions, sink: ExportSink): Promise<Result<ExportDone>> {
  const matcher = createSecretMatcher(options.secrets);
  const mentionsSecretValue = createSecretValueSearch(options.secrets);
  const markdown = new PostmortemBuilder(options.postmortem);
  const redact = createRedactor(matcher);
  const trusted = (event: StoredEvent): boolean => event.redaction === REDACTION_RULES;
  /** Whether the event, as its line says, may hold a secret its writer did not redact. */
  const mayHoldSecret = (event: StoredEvent, line: string): boolean => mentionsSecretValue(line) || (!trusted(event) && matcher.find(line).length > 0);
  let allTrusted = true;
  let batch = options.format === 'json' ? `{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "events": [` : '';
  let written = 0;
  const flush = async () => {
    const out = batch;
    batch = '';
    await sink(out);
  };
  const onMarkdownEvent = (event: StoredEvent): void => {
    allTrusted &&= trusted(event);
    markdown.add(event);
  };
  const jsonFacts = new ExportFacts();
  const onJsonEvent = (event: StoredEvent, line: string): Promise<void> | undefined => {
    jsonFacts.add(event);
    const text = mayHoldSecret(event, line) ? JSON.stringify(redact(event)) : line;
    batch += `${written === 0 ? '' : ','}\n    ${text}`;
    written += 1;
    // The sink's backpressure holds the reading of the log.
    return batch.length >= BATCH_CHARS ? flush() : undefined;
  };
  const source = options.source ?? jsonlSource(options.dataDir);
  // Checked against its anchor as `verify` does: a log cut from its end verifies to its new end,
  // and was exported as whole (exit 0, `"broken": null`, its cut head given as the one to keep).
  const anchor = await source.anchor(options.id);
  const anchored = anchorFollower(anchor);
  const onEvent = options.format === 'md' ? onMarkdownEvent : onJsonEvent;
  const scanned = await source.scan(options.id, {
    onEvent: (event, line) => {
      anchored.see(event);
      return onEvent(event, line);
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!scanned.ok) return scanned;
  const { state } = scanned.value;
  const problem = scanned.value.problem ?? anchorProblem(anchor, anchored.check(scanned.value.count));
  if (state === undefined) return fail('invalid-response', `incident ${options.id} has no readable events${problem ? `: ${problem.reason}` : ''}`);
  if (options.format === 'md') {
    // A postmortem is read in a terminal too (`cockpit export` prints it): no escape sequences.
    const text = markdown.render(state, responseMetrics(state), problem, anchor === undefined);
    batch = allTrusted && !mentionsSecretValue(text) ? stripTerminalControls(text) : createCleaner(matcher)(text);
  } else {
    batch += `${written === 0 ? '' : '\n  '}],\n${jsonFacts.trailer(state, problem)}}\n`;
  }
  await flush();
  return ok({ ...(problem === undefined ? {} : { problem }), ...(anchor === undefined ? { unanchored: true as const } : {}) });
}

/** A log that contradicts its anchor, as a break: where its anchored events end, and why. */
function anchorProblem(anchor: Anchor | undefined, check: AnchorCheck | undefined): ExportDone['problem'] {
  if (anchor === undefined || check === undefined) return undefined;
  // "shorter than the anchor in its anchor says" read as a typo: the anchor is kept in the incident's index.
  const reason = `the log ${describeAnchorCheck(check, anchor, 'its index')}`;
  if (check.status === 'head-mismatch') return { seq: check.seq, reason };
  // The first event the anchor counts and the log no longer holds.
  return check.status === 'log-short' ? { seq: anchor.events - check.missing + 1, reason } : undefined;
}

export interface RenderedExport extends ExportDone {
  readonly text: string;
}

/** The whole export as one string (tests, small incidents); `cockpit export` streams it. */
export async function exportIncident(options: ExportOptions): Promise<Result<RenderedExport>> {
  const parts: string[] = [];
  const done = await streamExport(options, (text) => void parts.push(text));
  return done.ok ? ok({ text: parts.join(''), ...done.value }) : done;
}
