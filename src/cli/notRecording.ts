import type { RecordingFailure } from '../timeline/eventStore';

/**
 * What leaving says of a timeline a failed write stopped (a full disk), and why it exits 4: a drill quit so printed its
 * report and exit 0, and `open` said "saved", of a timeline that had recorded nothing for minutes, the score included.
 */
export function notRecordingText(failure: RecordingFailure, lost: string): string {
  return `the timeline is NOT RECORDING since ${failure.at.slice(11, 19)} UTC (${failure.reason} at ${failure.path}): nothing since then is on it, ${lost} included. Free space, then resume it to record on`;
}
