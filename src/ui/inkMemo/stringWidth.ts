import type { Options } from 'string-width';
import { memoize } from './memoize';
import { simpleTextWidth } from './textWidth';
import { TEXT_MEMO } from './generation';

type StringWidth = (text: string, options?: Options) => number;

// Loaded when first needed, not at start-up: string-width builds its RGI emoji expression as it
// loads (about 18 ms), and the fast path measures nearly all of a cockpit's text without it. A
// require() (which the bundle evaluates lazily), because an import() could not answer synchronously.
let loaded: StringWidth | undefined;
const full: StringWidth = (text, options) => {
  loaded ??= (require('string-width') as { default: StringWidth }).default;
  return loaded(text, options);
};

const withDefaults = memoize((text: string) => simpleTextWidth(text) ?? full(text), TEXT_MEMO);

/** `string-width`, memoized and with a fast path, when called with its default options (as Ink does). */
export default function stringWidth(text: string, options?: Options): number {
  return options === undefined ? withDefaults(text) : full(text, options);
}
