// Apart from the theme (which is React): the CLI decides colour without loading the TUI.

/**
 * Colour is on unless the responder said otherwise: `--no-color`, a non-empty NO_COLOR
 * (https://no-color.org), or a dumb terminal. Decided once, at the edge, and passed down.
 */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if ((env.NO_COLOR ?? '') !== '') return false;
  return env.TERM !== 'dumb';
}
