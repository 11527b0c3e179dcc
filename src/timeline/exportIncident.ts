import type { StoredEvent } from '../core/events';
import { buildExport } from '../core/exportJson';
import { responseMetrics } from '../core/metrics';
import { PostmortemBuilder, type PostmortemOptions } from '../core/postmortem';
import { createCleaner } from '../core/displayText';
import { createRedactor } from '../core/redact';
import { createSecretMatcher } from '../core/secretMatcher';
import { fail, ok, type Result } from '../core/result';
import { jsonlSource, type IncidentSource } from './incidentSource';
import type { LogProblem } from './scanLog';

export type ExportFormat = 'md' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'json'];

export interface RenderedExport {
  readonly text: string;
  /** Set when the log does not verify to its end: the export covers the verified prefix only. */
  readonly problem?: LogProblem;
}

/**
 * Renders an incident as a postmortem or a JSON export, read-only, in one verifying pass over
 * the log. The text passes the redaction patterns once more on the way out (events were
 * redacted when written, this catches a log written by an older cockpit or by hand), and loses
 * any terminal escape sequences recorded from outside.
 */
export async function exportIncident(options: {
  readonly dataDir: string;
  readonly id: string;
  readonly format: ExportFormat;
  readonly secrets?: Iterable<string>;
  readonly signal?: AbortSignal;
  /** How the postmortem reaches back for changes and estimates failed requests. */
  readonly postmortem?: PostmortemOptions;
  /** Where the incident is stored (default: the JSONL store in `dataDir`). */
  readonly source?: IncidentSource;
}): Promise<Result<RenderedExport>> {
  const markdown = new PostmortemBuilder(options.postmortem);
  const events: StoredEvent[] = [];
  const onEvent = options.format === 'md' ? (e: StoredEvent) => markdown.add(e) : (e: StoredEvent) => void events.push(e);
  const scanned = await (options.source ?? jsonlSource(options.dataDir)).scan(options.id, { onEvent, ...(options.signal ? { signal: options.signal } : {}) });
  if (!scanned.ok) return scanned;
  const { state, problem } = scanned.value;
  if (state === undefined) return fail('invalid-response', `incident ${options.id} has no readable events${problem ? `: ${problem.reason}` : ''}`);
  const matcher = createSecretMatcher(options.secrets);
  const redact = createRedactor(matcher);
  // A postmortem is read in a terminal too (`cockpit export` prints it): no escape sequences.
  const clean = createCleaner(matcher);
  const text =
    options.format === 'md'
      ? clean(markdown.render(state, responseMetrics(state)))
      : `${JSON.stringify(redact(clean(buildExport(state, events))), null, 2)}\n`;
  return ok({ text, ...(problem === undefined ? {} : { problem }) });
}
