import fc from 'fast-check';

/**
 * Every property test's seed. CI replays one fixed seed, so a run's verdict depends on the change,
 * not on the draw; elsewhere each run draws a fresh one, so properties keep exploring (a local run
 * found a runbook that made lint throw). A failure prints its seed; `FC_SEED=<seed> npx vitest
 * <file>` replays it, as `CRASH_SEED` does for the crash test.
 */
const seed = Number(process.env['FC_SEED'] ?? (process.env['CI'] ? 20261203 : Math.floor(Math.random() * 2 ** 31)));
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
