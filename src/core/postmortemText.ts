import type { PlannedCall } from './actions';
import { argvText, shellWord } from './argvText';
import { formatDuration, shownSpanMs } from './duration';
import { isCanonicalTime } from './isoTime';

/** Markdown building blocks of the postmortem, shared by its sections. */

export function utc(iso: string): string {
  // A time the cockpit wrote is already in the form toISOString gives: not parsed again for every row.
  return `${(isCanonicalTime(iso) ? iso : new Date(iso).toISOString()).slice(0, 19).replace('T', ' ')}`;
}

function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(Math.round(ms / 1000) * 1000);
}

/**
 * The time between two instants as this document shows them (to the second), so that a reader
 * who subtracts the times in a row gets the span beside them (rounding the milliseconds between
 * them could say a second more or less).
 */
export function span(fromMs: number, toMs: number): string {
  return formatDuration(Math.max(0, shownSpanMs(fromMs, toMs)));
}

const CELL_SPECIALS = /[\\|\n]/;

/** A table cell: no pipes, no line breaks (a cell cannot hold one; the fenced blocks keep them). */
export function cell(text: string): string {
  // Most cells have none of these (a postmortem of a long incident has 100,000 rows of cells).
  if (!CELL_SPECIALS.test(text)) return text.trim();
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

export function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

export function describeCall(call: PlannedCall): string {
  switch (call.kind) {
    case 'argv':
      return `${call.cwd ? `(cd ${shellWord(call.cwd)}) ` : ''}${argvText(call.argv)}${call.timeoutMs ? `   # timeout ${formatDuration(call.timeoutMs)}` : ''}`;
    case 'api':
      return `${call.operation} ${JSON.stringify(call.args)}`;
    case 'file':
      return `${call.path}: ${call.change}`;
  }
}

const MINUTE_MS = 60_000;

/**
 * `-1h0m0s` reads badly: "1h before" / "5m after" / "at" the reference. A reference known only to
 * `precisionMs` (an estimated impact start) is not given to the second: 58 s after a start
 * estimated to the minute read as if the errors came first, and sent a reader away from the cause.
 */
export function relative(ms: number, reference: string, precisionMs = 0): string {
  if (Math.abs(ms) < precisionMs) return precisionMs <= MINUTE_MS ? `at ${reference} (to the minute)` : `within ${duration(precisionMs)} of ${reference}`;
  const abs = duration(Math.abs(precisionMs >= MINUTE_MS ? Math.round(ms / MINUTE_MS) * MINUTE_MS : ms));
  if (abs === '0s') return `at ${reference}`;
  return ms < 0 ? `${abs} before ${reference}` : `${abs} after ${reference}`;
}
