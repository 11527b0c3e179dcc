import stringWidthOf, { type Options } from 'string-width';
import { memoize } from '../../core/memoize';
import { TEXT_MEMO } from './generation';

const withDefaults = memoize((text: string) => stringWidthOf(text), TEXT_MEMO);

/** `string-width`, memoized when called with its default options (as Ink does). */
export default function stringWidth(text: string, options?: Options): number {
  return options === undefined ? withDefaults(text) : stringWidthOf(text, options);
}
