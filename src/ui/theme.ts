import { createContext, useContext } from 'react';

/** What a piece of text means; the theme decides whether and how that becomes a colour. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted' | 'accent' | 'plain';

export interface Theme {
  /** The Ink colour for a tone, or undefined when colour is off (state is then in words and symbols only). */
  tone(tone: Tone): string | undefined;
}

const COLOURS: Readonly<Record<Tone, string | undefined>> = {
  ok: 'green',
  warn: 'yellow',
  bad: 'red',
  info: 'cyan',
  muted: 'gray',
  accent: 'magenta',
  plain: undefined,
};

export function makeTheme(color: boolean): Theme {
  return { tone: (tone) => (color ? COLOURS[tone] : undefined) };
}

export { colorEnabled } from './colorRule';

export const ThemeContext = createContext<Theme>(makeTheme(false));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
