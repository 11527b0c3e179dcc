import { colorEnabled as themeColorEnabled } from '../ui/colorRule';

/**
 * Colour for the TUI, decided once at the edge. `--no-color` always wins (the user said so on
 * this very command line); then FORCE_COLOR, as Node and chalk read it (non-empty turns colour
 * on, even under NO_COLOR or TERM=dumb; `0` or `false` turns it off); then the theme's rule
 * (NO_COLOR, a dumb terminal).
 */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return themeColorEnabled(env, false);
}
