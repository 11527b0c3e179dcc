/**
 * Orders strings by UTF-16 code units: the same on every machine, whatever its locale, and
 * without `localeCompare`'s first call loading ICU collation (about 8 ms). Ids, paths and ISO
 * timestamps sort correctly this way.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
