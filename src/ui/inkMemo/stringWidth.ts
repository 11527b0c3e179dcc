import stringWidthOf, { type Options } from 'string-width';
import { memoize } from '../../core/memoize';
import { simpleTextWidth } from '../../core/textWidth';
import { TEXT_MEMO } from './generation';

const withDefaults = memoize((text: string) => simpleTextWidth(text) ?? stringWidthOf(text), TEXT_MEMO);

/** `string-width`, memoized and with a fast path, when called with its default options (as Ink does). */
export default function stringWidth(text: string, options?: Options): number {
  return options === undefined ? withDefaults(text) : stringWidthOf(text, options);
}
