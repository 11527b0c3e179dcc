import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';

export type FlagField = 'state' | 'defaultVariant';

/**
 * The file's text with one field of one flag changed. Only the value's characters change:
 * other flags, unknown fields, key order and formatting stay byte for byte. A field the flag
 * lacks is inserted in the file's own indentation and line endings.
 */
export function setFlagField(text: string, flag: string, field: FlagField, value: string | null): string {
  return applyEdits(text, modify(text, ['flags', flag, field], value, { formattingOptions: formattingOf(text) }));
}

function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]!);
  if (indents.some((indent) => indent.startsWith('\t'))) return { insertSpaces: false, tabSize: 1, eol };
  const widths = indents.map((indent) => indent.length);
  return { insertSpaces: true, tabSize: widths.length > 0 ? Math.min(...widths) : 2, eol };
}

/**
 * Flags whose `metadata` records `changedAt` (and `changedBy`) keep that record true when the
 * cockpit changes them. A flag without the convention is left as it is: only its value changes.
 */
export function stampFlagChange(text: string, flag: string, hasStamp: boolean, at: Date, by: string | undefined): string {
  if (!hasStamp) return text;
  const options = { formattingOptions: formattingOf(text) };
  let out = applyEdits(text, modify(text, ['flags', flag, 'metadata', 'changedAt'], at.toISOString(), options));
  if (by !== undefined) out = applyEdits(out, modify(out, ['flags', flag, 'metadata', 'changedBy'], by, options));
  return out;
}
