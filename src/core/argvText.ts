/**
 * A command's argv as one line: what the confirmation dialog, the plan's summary and the
 * postmortem show. Words are quoted as a POSIX shell needs them, so what is read (or pasted) is
 * exactly what runs.
 */

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

const CONTROL = /[\u0000-\u001f\u007f]/;
const C_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\\': '\\\\', "'": "\\'" };

/**
 * One word: as it is when plain; in single quotes otherwise (a `'` inside becomes `'\''`); with
 * a control character in it, in `$'…'` with the character escaped, so it is seen, not obeyed.
 */
export function shellWord(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  if (!CONTROL.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  return `$'${word.replace(/[\u0000-\u001f\u007f\\']/g, (c) => C_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

export function argvText(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}
