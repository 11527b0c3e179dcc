import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The slowest files (real processes, full drills, tmux) start first in their project, so that two
 * workers do not end the run with one long file alone. Measured on a 2-core machine (issue #12); a
 * file not listed keeps vitest's own order after them.
 */
const SLOWEST_FIRST = [
  'test/e2e/journeys.test.ts',
  'test/cli/package.test.ts',
  'test/cli/failures.test.ts',
  'test/integration/timeline/crash.test.ts',
  'test/integration/timeline/pgStore.test.ts',
  'test/cli/drillResume.test.ts',
  'test/integration/drill/scenarios.test.ts',
  'test/integration/drill/undo.test.ts',
  'test/cli/lint.test.ts',
  'test/cli/drill.test.ts',
  'test/cli/status.test.ts',
  // Asleep 10 s (a frozen ECS): beside the others, never alone at the end.
  'test/cli/statusFrozen.test.ts',
  'test/cli/drillKubernetes.test.ts',
  'test/cli/drillArgoRollouts.test.ts',
  'test/cli/verify.test.ts',
  'test/cli/boundedOutput.test.ts',
  'test/e2e/cockpit.test.ts',
  'test/e2e/screenTruth.test.ts',
  'test/ui/terminal.test.ts',
  'test/cli/compileCache.test.ts',
  'test/cli/firstFrame.test.ts',
  'test/cli/openResume.test.ts',
  'test/cli/conventions.test.ts',
  'test/cli/statusMoto.test.ts',
  'test/integration/drill/postmortem.test.ts',
  'test/integration/drill/postmortemScenarios.test.ts',
  'test/integration/session/stepsFinish.test.ts',
  'test/cli/lazyTui.test.ts',
  'test/cli/lazyChunks.test.ts',
  'test/cli/startupMarks.test.ts',
  'test/integration/session/sharedLease.test.ts',
  'test/e2e/sharedStoreOffline.test.ts',
  'test/integration/timeline/pgQueue.test.ts',
  'test/e2e/sharedTeam.test.ts',
  'test/e2e/sharedDrill.test.ts',
];

/**
 * The projects in this order, each with its slowest files first. A worker is kept for the next
 * file only when that file is of the same project: files of the projects interleaved, a worker
 * was started anew for most of them (32 workers in a run, each loading vitest, zod and the
 * session again); grouped, a worker changes project at most twice.
 */
const PROJECT_ORDER = ['processes', 'in-process', 'ui'];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const at = SLOWEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return at === -1 ? SLOWEST_FIRST.length : at;
    };
    const project = (spec: TestSpecification) => PROJECT_ORDER.indexOf(spec.project.name);
    const slow = files.filter((spec) => rank(spec) < SLOWEST_FIRST.length).sort((a, b) => rank(a) - rank(b));
    const rest = await super.sort(files.filter((spec) => rank(spec) === SLOWEST_FIRST.length));
    // A stable sort: within a project, the slowest listed first, then vitest's own order.
    return [...slow, ...rest].sort((a, b) => project(a) - project(b));
  }
}

export default defineConfig({
  test: {
    environment: 'node',
    // Transformed test and source modules kept on disk between runs (in node_modules, so a new
    // install starts afresh): 15 s of transform in a run of the unit and UI tests became 4 s.
    experimental: { fsModuleCache: true },
    globalSetup: ['test/support/globalSetup.ts'],
    // Ceilings for a hung test, never a speed check: on a loaded 2-core machine a drill run as a
    // child process takes 20 s that a quiet one does in 5 (issue #12: green under load).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Forked worker processes: tmpfs mounts and process.env stay out of the runner's own process.
    pool: 'forks',
    fileParallelism: true,
    // Two more workers than cores: the slowest files mostly wait (tmux screens, drill clocks, child
    // processes). Measured on a quiet 2-core machine (issue #12): 317 s with 2, 276 s with 3 (an
    // older suite); on today's, `npm test` took 5m33s with 3 and 5m10s with 4, all green.
    maxWorkers: 4,
    sequence: { sequencer: SlowestFirst },
    // Every project shares its worker's modules between files (no isolation): loading zod, the AWS
    // SDK and the session for every file was most of the unit tests' time (72 s of CPU isolated,
    // 31 s shared), and a CLI or end-to-end file spent ~0.5 s importing vitest's runtime, execa and
    // its helpers anew (summed import time 22-28 s isolated, 7-10 s shared). Files restore what
    // they change in process.env; the CLI and end-to-end files change none (their children get
    // their own env), mock nothing, and keep no state in the helpers they share.
    projects: [
      // test/support/propertySeed.ts: fast-check's seed, fixed in CI and drawn afresh elsewhere (FC_SEED
      // replays one); only these two projects have property tests. src/cli/parsersInterpreted.ts: zod
      // parses as the CLI has it (no compiled parsers), set before any test file builds a schema.
      { extends: true, test: { name: 'in-process', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'], isolate: false, setupFiles: ['src/cli/parsersInterpreted.ts', 'test/support/propertySeed.ts'] } },
      // UI tests share theirs too (25 s of CPU less): every file starts with the same terminal
      // settings (deterministicEnv: CI unset, 16 colours), so Ink and chalk, loaded once per worker,
      // see what each file expects.
      // test/ui/terminal.test.ts drives a child process in tmux and renders nothing here: run first in
      // a UI worker (the slowest), the next file there loaded Ink and React after it and failed with
      // "Invalid hook call" (whichever file came next: dialogs, panels, diskFull, deploysPaging).
      { extends: true, test: { name: 'ui', include: ['test/ui/**/*.test.{ts,tsx}'], exclude: ['test/ui/terminal.test.ts'], isolate: false, setupFiles: ['src/cli/parsersInterpreted.ts', 'test/support/propertySeed.ts', 'test/ui/deterministicEnv.ts'] } },
      { extends: true, test: { name: 'processes', include: ['test/cli/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/ui/terminal.test.ts'], isolate: false } },
    ],
  },
});
