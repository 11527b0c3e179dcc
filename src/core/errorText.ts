/**
 * Turning what went wrong into one line a responder reads: what was thrown as text, its first
 * line (a message with a stack or a program's output under it), a validation issue as
 * `path: message`. Each of these was written out in several places; this is the one owner.
 */

/** What was thrown, as text: an Error's message, anything else through String(). */
export function thrownMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of a text. */
export function firstLine(text: string): string {
  return text.split('\n', 1)[0]!;
}

/** The shape of a zod issue this needs (core does not import zod). */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A validation issue as one line: `path.to.field: message`. An issue at the root is the message
 * alone, or `root: message` when `root` names what was checked.
 */
export function issueText(issue: IssueLike, root?: string): string {
  const where = issue.path.join('.') || root;
  return where ? `${where}: ${issue.message}` : issue.message;
}
