// The runbook's types are declared in src/core/runbookModel.ts; the zod schema must produce
// exactly them. These assertions are checked by `tsc` (npm run typecheck), so a schema and a
// model that drift apart fail the build, not only this test.
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type { ProviderSection, Runbook, RunbookStep, RunSpec, Severity, SloSpec, TriggerSpec, VerifySpec } from '../../../src/core/runbookModel';
import { providerSection, runbookSchema, runSpec, severity, slo, step, trigger, verifySpec } from '../../../src/runbook/schema';

describe('runbook schema and runbook model', () => {
  it('the schema produces exactly the core types', () => {
    expectTypeOf<z.output<typeof runbookSchema>>().toEqualTypeOf<Runbook>();
    expectTypeOf<z.output<typeof step>>().toEqualTypeOf<RunbookStep>();
    expectTypeOf<z.output<typeof runSpec>>().toEqualTypeOf<RunSpec>();
    expectTypeOf<z.output<typeof slo>>().toEqualTypeOf<SloSpec>();
    expectTypeOf<z.output<typeof trigger>>().toEqualTypeOf<TriggerSpec>();
    expectTypeOf<z.output<typeof verifySpec>>().toEqualTypeOf<VerifySpec>();
    expectTypeOf<z.output<typeof providerSection>>().toEqualTypeOf<ProviderSection>();
    expectTypeOf<z.output<typeof severity>>().toEqualTypeOf<Severity>();
  });
});
