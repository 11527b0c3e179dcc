import type { StoredEvent } from '../core/events';
import { EXPORT_FORMAT, exportTrailer } from '../core/exportJson';
import { responseMetrics } from '../core/metrics';
import { PostmortemBuilder, type PostmortemOptions } from '../core/postmortem';
import { createCleaner } from '../core/displayText';
import { createRedactor } from '../core/redact';
import { createSecretMatcher } from '../core/secretMatcher';
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
  /** Set when the log does not verify to its end: the export covers the verified prefix only. */
  readonly problem?: LogProblem;
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
 * verified and does not redact every string again. One guard stays for a log written by an
 * older cockpit or edited by hand: each line is scanned once, whole, and only a line in which a
 * secret shows is redacted (its event then no longer matches its hash, as it would not anyway).
 * The Markdown text is cleaned of terminal escape sequences and secrets on the way out.
 */
export async function streamExport(options: ExportOptions, sink: ExportSink): Promise<Result<ExportDone>> {
  const matcher = createSecretMatcher(options.secrets);
  const markdown = new PostmortemBuilder(options.postmortem);
  const redact = createRedactor(matcher);
  let batch = options.format === 'json' ? `{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "events": [` : '';
  let written = 0;
  const flush = async () => {
    const out = batch;
    batch = '';
    await sink(out);
  };
  const onJsonEvent = (event: StoredEvent, line: string): Promise<void> | undefined => {
    const text = matcher.find(line).length === 0 ? line : JSON.stringify(redact(event));
    batch += `${written === 0 ? '' : ','}\n    ${text}`;
    written += 1;
    // The sink's backpressure holds the reading of the log.
    return batch.length >= BATCH_CHARS ? flush() : undefined;
  };
  const scanned = await (options.source ?? jsonlSource(options.dataDir)).scan(options.id, {
    onEvent: options.format === 'md' ? (e) => markdown.add(e) : onJsonEvent,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!scanned.ok) return scanned;
  const { state, problem } = scanned.value;
  if (state === undefined) return fail('invalid-response', `incident ${options.id} has no readable events${problem ? `: ${problem.reason}` : ''}`);
  if (options.format === 'md') {
    // A postmortem is read in a terminal too (`cockpit export` prints it): no escape sequences.
    batch = createCleaner(matcher)(markdown.render(state, responseMetrics(state)));
  } else {
    batch += `${written === 0 ? '' : '\n  '}],\n${exportTrailer(state)}}\n`;
  }
  await flush();
  return ok(problem === undefined ? {} : { problem });
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
