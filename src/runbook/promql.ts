import { parser } from '@prometheus-io/lezer-promql';

export const WINDOW_PLACEHOLDER = '$window';
// Same length as `$window`, so offsets in the checked text are offsets in the runbook's text.
export const WINDOW_STAND_IN = '60000ms';

export interface PromqlProblem {
  /** Offset into the expression as written (with `$window`). */
  readonly offset: number;
  readonly message: string;
}

/** Checks an `error_ratio` expression: it must use `$window` and parse as PromQL once it is substituted. */
export function checkErrorRatioQuery(expression: string): PromqlProblem[] {
  if (!expression.includes(WINDOW_PLACEHOLDER)) {
    return [{ offset: 0, message: 'error_ratio must use `$window` in its range selectors (e.g. `[$window]`) so each burn window can be queried' }];
  }
  const text = expression.replaceAll(WINDOW_PLACEHOLDER, WINDOW_STAND_IN);
  let first: number | undefined;
  parser.parse(text).iterate({
    enter: (node) => {
      if (first === undefined && node.type.isError) first = node.from;
      return first === undefined;
    },
  });
  if (first === undefined) return [];
  const rest = expression.slice(first).trimStart();
  const message =
    rest.length === 0
      ? 'not valid PromQL: the expression ends too early'
      : `not valid PromQL near \`${rest.split('\n')[0]!.slice(0, 24)}\``;
  return [{ offset: Math.min(first, Math.max(0, expression.length - 1)), message }];
}
