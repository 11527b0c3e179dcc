/**
 * Every symbol the screen draws, with its one meaning: the help legend is this table, and a
 * test checks that no component draws a symbol missing from it. A symbol never means two things
 * (✖ was both a provider ERROR and a BURNING SLO).
 */
export const LEGEND: readonly (readonly [symbol: string, meaning: string])[] = [
  ['✓', 'fine (fresh, ok, done, resolved, safe)'],
  ['✖', 'error (provider failed, step FAILED, key refused)'],
  ['⚠', 'caution (STALE, RISKY, INTERRUPTED, not recording)'],
  ['▲', 'burning (SLO BURNING, trigger FIRED)'],
  ['↘', 'recovering'],
  ['∅', 'no data'],
  ['»', 'recommendation'],
  ['◆', 'incident open'],
  ['◐', 'mitigated'],
  ['●', 'current deploy'],
  ['↩', 'rollback target'],
  ['⊗', 'revision known bad'],
  ['=', 'an older deploy of the same build as the current one (= same)'],
  ['⛁', 'migration'],
  ['+N', 'N more images'],
  ['⊘', 'BLOCKED / NOT POSSIBLE'],
  ['≠', 'typed text does not match'],
  ['○', 'step to do'],
  ['⟳', 'running'],
  ['↷', 'skipped'],
  ['✎', 'marked done by hand, its action not run'],
  ['◌', 'running, not watched'],
  ['◀', 'next step'],
  ['›', 'selected'],
  ['⚑', 'reminder'],
  ['⧗', 'pending: kept locally, not recorded yet'],
  ['×N', 'N observations in a row, one timeline line (the newest)'],
  ['ℹ', 'notice'],
  ['—', 'not configured / no value'],
  ['…', 'cut, more, or loading'],
  ['▁▇', 'burn, last hour'],
  ['█░', 'progress'],
];
