import { SHORT_WINDOW_MS } from './burnRate';
import { burnNow, burnText } from './burnNow';
import { burnBefore } from './burnWentOn';
import { formatDuration } from './duration';
import type { RecommendationContext } from './recommendationTypes';
import type { ResponderAction } from './responderActions';

/** The 5m burn just before a change and the newest burn now, and both in words ("5m 36.2x before it, 20.0x now"), when both are known. */
export function sinceChange(context: RecommendationContext, action: ResponderAction): { before: number; now: number; windowMs: number; words: string } | undefined {
  const before = burnBefore(context.input.shortBurns?.get(context.slo) ?? [], action.startedAt);
  const { burn, windowMs } = burnNow(context.burns);
  if (before === undefined || burn === null) return undefined;
  const window = windowMs === SHORT_WINDOW_MS ? '' : `${formatDuration(windowMs)} `;
  return { before, now: burn, windowMs, words: `${formatDuration(SHORT_WINDOW_MS)} ${burnText(before)} before it, ${window}${burnText(burn)} now` };
}
