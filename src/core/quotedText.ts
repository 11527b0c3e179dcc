/**
 * Text from a runbook (keys, values, file names) shown in a one-line message. Invisible and
 * bidirectional-control characters would hide or reorder what the responder reads, and line
 * breaks would split one problem over several lines, so they are shown escaped; long text is cut.
 */

/** No message the cockpit prints about a runbook is longer than this many characters. */
export const MAX_MESSAGE_LENGTH = 400;

/** How much of a key or value a message quotes. */
export const MAX_QUOTED_LENGTH = 60;

// C0 and C1 controls, DEL, soft hyphen, zero-width and bidi marks (U+200B-U+200F), line and
// paragraph separators and bidi embeddings (U+2028-U+202E), word joiner to bidi isolates
// (U+2060-U+206F), the BOM / zero-width no-break space, and interlinear annotations.
const HIDDEN = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Shows every invisible, control or bidi character as an escape such as `\u200b`. */
export function escapeHidden(text: string): string {
  return text.replace(HIDDEN, (char) => SHORT[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Cuts `text` to at most `max` characters, ending with `…` when cut (never inside a surrogate pair). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** A key or value as a message quotes it: escaped, then cut. */
export function shown(text: string, max = MAX_QUOTED_LENGTH): string {
  return cut(escapeHidden(cut(text, max * 8)), max);
}

/** A whole message line: escaped and bounded. */
export function boundedLine(text: string, max = MAX_MESSAGE_LENGTH): string {
  return shown(text, max);
}
