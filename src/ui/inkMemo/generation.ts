import type { MemoizeOptions } from './memoize';

/**
 * How much text each memoized function remembers per generation, in characters: several frames
 * of a large terminal (160x48 is 7,680), few enough that the styled characters kept (about 100
 * bytes each) stay within a few MB.
 */
export const TEXT_MEMO: MemoizeOptions<string> = { generationSize: 32_768, weigh: (text) => text.length };
