// The import rules of docs/ARCHITECTURE.md, checked by `npm run depcheck` (part of `npm test`).
// Each rule's name is the one the architecture page uses. Type-only imports count: a type is a
// dependency too (tsPreCompilationDeps).

const SCREEN_PACKAGES = '^node_modules/(ink|ink-table|react|react-dom|@xterm)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'src/core is the domain, a leaf: it imports nothing of the shell (cli, ui, session, timeline, plugins, sandbox, runbook, launcher), types included.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src|plugins|bin|scripts)/', pathNot: '^src/core/' },
    },
    {
      name: 'core-is-pure',
      comment: 'src/core does no I/O and draws nothing: of Node it may use only crypto (hashing) and path (path arithmetic), of npm only fastest-levenshtein.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: ['^(node:)?(crypto|path)$', '(^|/)node_modules/fastest-levenshtein/'],
      },
    },
    {
      name: 'ui-only-through-session',
      comment: 'The UI reaches providers and the store only through the session: no src/plugins, plugins/*, src/sandbox or src/timeline.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^(src/(plugins|sandbox|timeline)|plugins)/' },
    },
    {
      name: 'plugins-only-contract-and-core',
      comment: 'A provider plugin (plugins/*) is written against the plugin contract and core, like a third-party one: it records only through its context, never through the store or the session.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^src/', pathNot: ['^src/plugins/contract\\.ts$', '^src/core/'] },
    },
    {
      name: 'plugins-draw-nothing',
      comment: 'Plugins draw nothing: no Ink, no React, no UI.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: [SCREEN_PACKAGES, '^src/(ui|cli)/'] },
    },
    {
      name: 'sandbox-knows-no-screen',
      comment: 'The drill sandbox knows no screen: no Ink, no React, no UI, no CLI.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: [SCREEN_PACKAGES, '^src/(ui|cli)/'] },
    },
    {
      name: 'session-draws-nothing',
      comment: 'The session emits view models; it draws nothing and knows no command line.',
      severity: 'error',
      from: { path: '^src/session/' },
      to: { path: [SCREEN_PACKAGES, '^src/(ui|cli)/'] },
    },
    {
      name: 'cli-is-the-root',
      comment: 'The CLI is the composition root: nothing imports it.',
      severity: 'error',
      from: { path: '^(src|plugins)/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'timeline-below-session',
      comment: 'The store knows events (core) only: not the session, the UI, plugins, the sandbox or runbooks.',
      severity: 'error',
      from: { path: '^src/timeline/' },
      to: { path: ['^src/(ui|cli|session|sandbox|plugins|runbook)/', '^plugins/', SCREEN_PACKAGES] },
    },
    {
      name: 'plugin-machinery-below-session',
      comment: 'src/plugins (contract, registry, scheduler, exec) knows no session, UI, store or sandbox.',
      severity: 'error',
      from: { path: '^src/plugins/' },
      to: { path: ['^src/(ui|cli|session|timeline|sandbox)/', SCREEN_PACKAGES] },
    },
    {
      name: 'registry-knows-no-builtins',
      comment: 'The plugin registry loads what it is given; which plugins are built in is the composition root\'s choice.',
      severity: 'error',
      from: { path: '^src/plugins/' },
      to: { path: '^plugins/' },
    },
    {
      name: 'runbook-loads-no-plugins',
      comment: 'src/runbook reads and checks runbook files; it may use the plugin contract, but loads no plugin.',
      severity: 'error',
      from: { path: '^src/runbook/' },
      to: { path: ['^plugins/', '^src/plugins/', '^src/(ui|cli|session|timeline|sandbox)/'], pathNot: '^src/plugins/contract\\.ts$' },
    },
    {
      name: 'sandbox-below-session',
      comment: 'The sandbox stands in for providers; it does not drive a session.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/(session|ui|cli)/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles.',
      severity: 'error',
      from: { path: '^(src|plugins)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
