import { withoutKeyHint } from './burnNow';
import type { StoredEvent } from './events';

/**
 * `Made though not the recommended change: flags.set (act-1): the evidence points at checkout-api:42 …`:
 * a change its confirmation warned against, confirmed anyway. Not scored (the scenario's rules
 * judge the changes they name): a bad-deploy drill whose responder turned a flag off first, over
 * the dialog's `⚠ Not the recommended change`, read 100/100 with no word of it.
 */
export function againstAdviceLines(events: readonly StoredEvent[]): string[] {
  const names = new Map(events.flatMap((e) => (e.kind === 'action.planned' ? [[e.data.action, e.data.name] as const] : [])));
  return events.flatMap((e) =>
    e.kind === 'action.confirmed' && e.data.notRecommended !== undefined ? [`Made though not the recommended change: ${names.get(e.data.action) ?? 'an action'} (${e.data.action}): ${withoutKeyHint(e.data.notRecommended)}`] : [],
  );
}
