/**
 * One event's data, bounded before it is recorded (issue #11): a 50 MB note or a provider's
 * runaway outcome would otherwise be one 50 MB line of the timeline, read back, hashed, folded
 * and exported on every open. Strings keep their start and end around a notice of the cut; the
 * shape of the data (keys, arrays, numbers) is never changed, so the reducer folds it as before.
 */
import { boundText } from './bounds';

/** Longest string kept in an event: four pages of a note. */
export const MAX_EVENT_STRING_CHARS = 16_000;
/** Longest data as JSON; past it, every long string is cut much shorter. */
export const MAX_EVENT_DATA_CHARS = 64_000;
const CROWDED_STRING_CHARS = 1_000;

export function boundEventData<T>(data: T): T {
  const bounded = boundStrings(data, MAX_EVENT_STRING_CHARS);
  return (JSON.stringify(bounded) ?? '').length <= MAX_EVENT_DATA_CHARS ? bounded : boundStrings(bounded, CROWDED_STRING_CHARS);
}

/** `value` with every string cut to `max`; the same object when nothing needed cutting. */
function boundStrings<T>(value: T, max: number): T {
  if (typeof value === 'string') return (value.length > max ? boundText(value, max) : value) as T;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => boundStrings(item, max));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = boundStrings(inner, max);
      changed ||= out[key] !== inner;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
