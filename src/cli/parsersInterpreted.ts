/**
 * zod compiles a parser (`new Function`) for each object schema the first time it parses with it,
 * which pays off only over many thousands of parses. A cockpit run parses each schema a handful of
 * times (a runbook, a scenario, a few hundred small provider answers), so the compiling was pure
 * cost: a checkout-api autopilot drill compiled 49 parsers and took 2.40 s of CPU, 2.16 s with
 * them interpreted (issue #17). It also leaves the process generating no code from strings.
 *
 * zod reads this when a schema is built, not when it parses: main.ts imports this module before
 * anything that builds one, and the test set-up does the same so tests run what users run.
 */
import * as z from 'zod';

z.config({ jitless: true });
