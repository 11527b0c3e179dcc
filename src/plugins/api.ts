/**
 * `incident-cockpit/plugin`: what a third-party plugin imports (package.json `exports`). The
 * contract (definePlugin, its types, the Result helpers) and the zod it is checked with, so a
 * plugin's schemas are made by the same zod major as the cockpit's. Built to dist/plugin.mjs,
 * with types by scripts/write-plugin-types.mjs.
 */
export * from './contract';
export { z } from 'zod';
