/**
 * Imported first by UI tests, before Ink: Ink decides CI mode (final frame only) and chalk its
 * colour level when they are loaded. Fixed here (CI unset, 16 colours) and put back afterwards
 * so no other test in this worker inherits them.
 */
import { afterAll } from 'vitest';

const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION, FORCE_COLOR: process.env.FORCE_COLOR };
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.FORCE_COLOR = '1';

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
