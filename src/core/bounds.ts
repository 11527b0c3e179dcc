/**
 * Shared pieces of the cockpit's bounds (issue #11): text over a limit keeps its head and tail
 * and says what was cut between them, in numbers a responder reads at a glance.
 *
 * Sizes are decimal (1 MB = 1,000,000 bytes) so "10 MB" in a message is the limit as configured.
 */

export const KB = 1_000;
export const MB = 1_000_000;

/** Longest provider error message or warning kept and shown: one sentence, with room for a URL. */
export const MAX_MESSAGE_CHARS = 500;

/** `199000` → `199,000`; digit grouping by hand, since toLocaleString's first call loads ICU data. */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** `81_234_567` → `81 MB`; `1_500` → `1.5 KB`; below 1 KB in bytes. */
export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [unit, size] = bytes < MB ? ['KB', KB] : ['MB', MB];
  const value = bytes / size;
  const shown = value >= 10 ? formatCount(Math.round(value)) : String(Math.round(value * 10) / 10);
  return `${shown} ${unit}`;
}

/** Bytes of `text` as UTF-8, without encoding it (a lone surrogate counts as U+FFFD would: 3). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * `text` if it has at most `maxChars` characters; otherwise its start and end around a notice
 * of how much was cut, the whole at most about `maxChars` long. The start says what it was
 * about, the end often why it failed. Surrogate pairs are never split.
 */
export function boundText(text: string, maxChars = MAX_MESSAGE_CHARS): string {
  if (text.length <= maxChars) return text;
  const keep = Math.max(0, maxChars - 40);
  const headEnd = pairSafe(text, Math.ceil(keep / 2));
  const tailStart = pairSafe(text, text.length - Math.floor(keep / 2));
  return `${text.slice(0, headEnd)} … ${formatCount(tailStart - headEnd)} characters cut … ${text.slice(tailStart)}`;
}

/** `index` moved back by one if it falls inside a surrogate pair. */
function pairSafe(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return index > 0 && code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/** A provider's error with its message (and code) cut to a bounded length; the same object when short. */
export function boundError<E extends { readonly message: string; readonly code?: string }>(error: E): E {
  const message = boundText(error.message);
  const code = error.code === undefined ? undefined : boundText(error.code, 100);
  if (message === error.message && code === error.code) return error;
  return { ...error, message, ...(code === undefined ? {} : { code }) };
}
