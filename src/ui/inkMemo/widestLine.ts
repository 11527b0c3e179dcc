import widestLineOf from 'widest-line';
import { memoize } from '../../core/memoize';
import { TEXT_MEMO } from './generation';

const widestLine: (text: string) => number = memoize((text: string) => widestLineOf(text), TEXT_MEMO);
export default widestLine;
