/**
 * The form every cockpit writes times in (`Date.prototype.toISOString`: `2026-11-22T02:31:07.123Z`).
 * A text of this form is always one `Date.parse` accepts and `toISOString` gives back unchanged,
 * so a reader may take it as it is instead of parsing it (a long log holds 100,000 of them).
 */
const CANONICAL_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export function isCanonicalTime(text: string): boolean {
  return CANONICAL_TIME.test(text);
}
