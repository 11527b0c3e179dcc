import { realpath } from 'node:fs/promises';
import * as z from 'zod';
import { issueText } from '../../src/core/errorText';
import { didYouMean } from '../../src/core/suggest';
import { fail, ok, type ActionOutcome, type ActionRunner, type PluginContext, type Result, type UndoAction } from '../../src/plugins/contract';
import { replaceFile } from './atomicWrite';
import { setParams, toggleParams } from './config';
import { setFlagField, stampFlagChange, type FlagField } from './edit';
import type { FlagEntry } from './flagFile';
import { fsFailure, readFlagFile } from './readFlagFile';

interface Change {
  readonly field: FlagField;
  readonly after: string | null;
}

/** A parsed action: which flag, and how to change it once the flag has been read. */
interface Intent {
  readonly flag: string;
  change(flag: FlagEntry): Result<Change>;
}

function variantChange(flag: FlagEntry, variant: string): Result<Change> {
  if (flag.variants.includes(variant)) return ok({ field: 'defaultVariant', after: variant });
  const hint = didYouMean(variant, flag.variants);
  return fail(
    'not-found',
    `flag "${flag.key}" has no variant "${variant}"${hint ? ` (did you mean "${hint}"?)` : ''}; its variants: ${flag.variants.join(', ')}`,
  );
}

const stateChange = (state: 'ENABLED' | 'DISABLED') => (): Result<Change> => ok({ field: 'state', after: state });

const ACTIONS = {
  set: setParams.transform((p): Intent => ({ flag: p.flag, change: (flag) => variantChange(flag, p.variant) })),
  enable: toggleParams.transform((p): Intent => ({ flag: p.flag, change: stateChange('ENABLED') })),
  disable: toggleParams.transform((p): Intent => ({ flag: p.flag, change: stateChange('DISABLED') })),
};

export type FlagActionName = keyof typeof ACTIONS;

/** What execute and verify need; recorded on the timeline with the plan. */
const changeFacts = z.object({
  file: z.string(),
  flag: z.string(),
  field: z.enum(['state', 'defaultVariant']),
  before: z.string().nullable(),
  after: z.string().nullable(),
  /** Of the file as planned: execute refuses to write over anything else. */
  hash: z.string(),
});
type ChangeFacts = z.infer<typeof changeFacts>;

const show = (value: string | null) => value ?? 'null';
const describe = (facts: ChangeFacts) => `${facts.flag}: ${facts.field} ${show(facts.before)} → ${show(facts.after)}`;
const currentValue = (flag: FlagEntry, field: FlagField) => (field === 'state' ? flag.state : flag.defaultVariant);

function flagIn(flags: readonly FlagEntry[], key: string, file: string): Result<FlagEntry> {
  const flag = flags.find((candidate) => candidate.key === key);
  if (flag) return ok(flag);
  const keys = flags.map((candidate) => candidate.key);
  const hint = didYouMean(key, keys);
  return fail('not-found', `flag "${key}" is not in ${file}${hint ? ` (did you mean "${hint}"?)` : ''}; its flags: ${keys.join(', ') || 'none'}`);
}

/**
 * What a plan of this step would refuse, said by lint ahead of the incident: a flag the file does
 * not have, a variant the flag does not have. Parameters with `{{templates}}` are known only then.
 */
export function flagStepProblem(name: string, params: Readonly<Record<string, unknown>>, flags: readonly FlagEntry[], file: string): { param: string; message: string } | undefined {
  if (!Object.hasOwn(ACTIONS, name) || Object.values(params).some((value) => typeof value === 'string' && value.includes('{{'))) return undefined;
  const intent = ACTIONS[name as FlagActionName].safeParse(params);
  if (!intent.success) return undefined;
  const flag = flagIn(flags, intent.data.flag, file);
  if (!flag.ok) return { param: 'flag', message: flag.error.message };
  const change = intent.data.change(flag.value);
  return change.ok ? undefined : { param: 'variant', message: change.error.message };
}

export function createFlagAction(name: FlagActionName, file: string, ctx: Pick<PluginContext, 'clock' | 'templateVars'>): ActionRunner {
  const action = `flagd.${name}`;
  const intentOf = ACTIONS[name];

  const findFlag = (flags: readonly FlagEntry[], key: string) => flagIn(flags, key, file);

  const factsOf = (facts: Readonly<Record<string, unknown>>): Result<ChangeFacts> => {
    const parsed = changeFacts.safeParse(facts);
    return parsed.success ? ok(parsed.data) : fail('failed', `${action}: the plan is not a flag change plan`);
  };

  return {
    async plan(params, signal) {
      const intent = intentOf.safeParse(params);
      if (!intent.success) {
        return fail('failed', `${action}: ${issueText(intent.error.issues[0]!)}`);
      }
      const reading = await readFlagFile(file, signal);
      if (!reading.ok) return reading;
      const flag = findFlag(reading.value.parsed.flags, intent.data.flag);
      if (!flag.ok) return flag;
      const change = intent.data.change(flag.value);
      if (!change.ok) return change;
      const facts: ChangeFacts = {
        file,
        flag: flag.value.key,
        field: change.value.field,
        before: currentValue(flag.value, change.value.field),
        after: change.value.after,
        hash: reading.value.hash,
      };
      return ok({
        action,
        summary: `${name === 'set' ? `Set ${facts.flag} to ${show(facts.after)}` : `${name === 'enable' ? 'Enable' : 'Disable'} ${facts.flag}`} in ${file}`,
        calls: [{ kind: 'file', path: file, change: describe(facts) }],
        facts,
      });
    },

    // A change to what the flag serves already is none: confirmed, it was recorded as a kill switch made (`off → off`, `✓
    // SAFE`), and judged as one; refused, as a rollback to the running revision is.
    safety(plan) {
      const facts = factsOf(plan.facts);
      const unchanged = facts.ok && facts.value.before === facts.value.after;
      return unchanged ? { level: 'unsupported', reasons: [`${facts.value.flag} already has ${facts.value.field} ${show(facts.value.after)}: there is nothing to change`] } : { level: 'ok', reasons: [] };
    },

    async execute(plan, io) {
      const facts = factsOf(plan.facts);
      if (!facts.ok) return facts;
      const { flag, field, after, hash } = facts.value;
      const reading = await readFlagFile(file, io.signal);
      if (!reading.ok) return reading;
      const conflict = fail('conflict', `${file} changed since the plan was made (another change, from this cockpit or elsewhere, wrote it); nothing was written, plan again`);
      if (reading.value.hash !== hash) return conflict;

      const outcome: ActionOutcome = { summary: `${describe(facts.value)} written to ${file}`, details: { ...facts.value } };
      const changed = setFlagField(reading.value.parsed.text, flag, field, after);
      if (changed === reading.value.parsed.text) return ok({ ...outcome, summary: `${flag} already had ${field} ${show(after)}; nothing to write` });
      const now = ctx.clock.now();
      const stamped = reading.value.parsed.flags.find((f) => f.key === flag)?.changedAt !== undefined;
      const text = stampFlagChange(changed, flag, stamped, now, ctx.templateVars?.responder);
      try {
        const target = await realpath(file);
        // Through the same guarded read: the file could have been swapped for a FIFO since.
        const stillAsPlanned = async () => {
          const current = await readFlagFile(target);
          return current.ok && current.value.hash === hash;
        };
        if ((await replaceFile(target, text, stillAsPlanned, now)) === 'changed') return conflict;
      } catch (error) {
        return fsFailure(error, `cannot write ${file}`);
      }
      return ok(outcome);
    },

    async verify(plan, io) {
      const facts = factsOf(plan.facts);
      if (!facts.ok) return facts;
      const reading = await readFlagFile(file, io.signal);
      if (!reading.ok) return reading;
      const flag = findFlag(reading.value.parsed.flags, facts.value.flag);
      if (!flag.ok) return flag;
      const now = currentValue(flag.value, facts.value.field);
      if (now !== facts.value.after) {
        return fail('failed', `${file} has ${facts.value.flag}: ${facts.value.field} ${show(now)}, not ${show(facts.value.after)}`);
      }
      return ok({ summary: `${file} has ${facts.value.flag}: ${facts.value.field} ${show(now)}`, details: { ...facts.value } });
    },

    undo: (recorded) => undoOf(recorded),
  };
}

/** The change that puts the flag's field back to what it was before `recorded` (any of the three actions' facts). */
function undoOf(recorded: Readonly<Record<string, unknown>>): UndoAction | undefined {
  const facts = changeFacts.safeParse(recorded);
  if (!facts.success || facts.data.before === null || facts.data.before === facts.data.after) return undefined;
  const { flag, field, before } = facts.data;
  if (field === 'defaultVariant') return { action: 'set', params: { flag, variant: before }, summary: `set ${flag} back to ${before}` };
  if (before !== 'ENABLED' && before !== 'DISABLED') return undefined;
  const action = before === 'ENABLED' ? 'enable' : 'disable';
  return { action, params: { flag }, summary: `${action} ${flag} again` };
}
