import './deterministicEnv';
import { describe, expect, test } from 'vitest';
import { ConfirmDialog, planScroll } from '../../src/ui/ConfirmDialog';
import { HelpDialog } from '../../src/ui/HelpDialog';
import { CancelRunningDialog, QuitRunningDialog, RoleDialog, SeverityDialog, TextDialog } from '../../src/ui/InputDialogs';
import { BINDINGS } from '../../src/ui/keys';
import { incidentView, ROLLBACK_CONFIRMATION } from './fixtures';
import { lines, renderAt } from './harness';
import { DialogFrame, DialogText } from '../../src/ui/DialogFrame';
import { StatusDialog } from '../../src/ui/ReasonDialogs';

const size = { width: 100, height: 20 };

describe('ConfirmDialog', () => {
  test('shows the exact plan, the verdict with its reasons and the phrase to type', async () => {
    const r = renderAt(
      <ConfirmDialog confirmation={ROLLBACK_CONFIRMATION} stepTitle="Roll back" typed="" size={{ width: 120, height: 20 }} />,
      { columns: 120, rows: 30 },
    );
    const frame = await r.waitForFrame('CONFIRM');
    expect(frame).toContain('CONFIRM deploys.rollback · step: Roll back');
    expect(frame).toContain('Roll back checkout-api from :42 to :39');
    expect(frame).toContain('⚠ RISKY: type to confirm');
    expect(frame).toContain('· rollback jumps 3 revisions');
    expect(frame).toContain('1. ecs:UpdateService { "cluster": "prod", "service": "checkout-api", "taskDefinition": "checkout-api:39" }');
    expect(frame).toContain(`2. $ ./scripts/notify.sh --channel '#incidents' 'rolling back'`);
    expect(frame).toContain('Type "checkout-api" to confirm (rollback jumps 3 revisions):');
    // Until the phrase matches, Enter is not offered.
    expect(frame).toContain('Esc cancel');
    expect(frame).not.toContain('Enter confirm');
  });

  test('an undo asked to be typed (the burn fell after what it undoes) is headed RISKY, not with a ✓', async () => {
    // The undo of the kill switch that stopped the burn read `✓ Its safety checks pass, but:` above `undoing it may bring the burn back`.
    const undo = {
      ...ROLLBACK_CONFIRMATION,
      step: undefined,
      undoes: { action: 'act-2', step: 'disable-flag' },
      safety: { level: 'ok' as const, reasons: ['checkout_v2 exists'] },
      recommendedInstead: 'the burn has stopped: nothing needs changing',
      typeToConfirm: 'undo act-2',
      typeReason: 'the burn stopped after act-2: undoing it may bring the burn back; type undo act-2 to make it',
    };
    const frame = await renderAt(<ConfirmDialog confirmation={undo} stepTitle="Turn off checkout_v2" typed="" size={{ width: 120, height: 24 }} />, { columns: 120, rows: 30 }).waitForFrame('CONFIRM');
    expect(frame).toContain('⚠ RISKY: the burn fell after the change this undoes; type to confirm (below)');
    expect(frame).not.toContain('✓ Its safety checks pass');
  });

  test('an undo names what it undoes, and the step that made it', async () => {
    const undo = { ...ROLLBACK_CONFIRMATION, step: undefined, undoes: { action: 'act-1', step: 'rollback' } };
    const r = renderAt(<ConfirmDialog confirmation={undo} stepTitle="Roll back" typed="" size={{ width: 120, height: 20 }} />, { columns: 120, rows: 30 });
    const frame = await r.waitForFrame('CONFIRM');
    expect(frame).toContain('CONFIRM deploys.rollback · undoes act-1 of step: Roll back');
    // Not said: neither is in the view.
    expect(frame).not.toContain('The undo the advice asks for');
    const asked = { ...undo, asked: 'Rolled back to :41 7m ago, and the burn rose: that change made it worse; undo it: deploy :42 again' };
    const said = await renderAt(<ConfirmDialog confirmation={asked} stepTitle="Roll back" typed="" size={{ width: 120, height: 24 }} />, { columns: 120, rows: 30 }).waitForFrame('CONFIRM');
    expect(said).toContain('» The undo the advice asks for: Rolled back to :41 7m ago');
    expect(frame).not.toContain('A clean-up');
    const cleanUp = { ...undo, cleanUp: 'checkout-api:41 still runs: rolled back from checkout-api:42 at 02:31 UTC (deploys.rollback act-1 by root), and the burn went on after it until flags.set act-2 by root stopped it: checkout-api:42 is likely not the cause (roll forward?)' };
    const cleaning = await renderAt(<ConfirmDialog confirmation={cleanUp} stepTitle="Roll back" typed="" size={{ width: 120, height: 24 }} />, { columns: 120, rows: 30 }).waitForFrame('CONFIRM');
    expect(cleaning.replace(/\s*│\n│\s*/g, ' ')).toContain('» A clean-up: checkout-api:41 still runs: rolled back from checkout-api:42');
    expect(cleaning).not.toContain('Not the recommended change');
  });

  test('at 80x24, the undo of a rollback that worked keeps its plan and why it is typed; the advice against it takes a line', async () => {
    // As a responder saw it: the advice in full (three lines) above `Plan, 1 call: too long for this
    // terminal` and a bare `Type "…" to confirm:`, "the burn stopped after act-1" nowhere.
    const blocking = 'checkout-api:42 is known bad: rolled back to checkout-api:41 by root (act-1) at 02:34Z';
    const because = 'the burn stopped after act-1: undoing it may bring the burn back';
    const phrase = 'roll forward to known-bad checkout-api:42';
    const undo = {
      ...ROLLBACK_CONFIRMATION,
      step: undefined,
      undoes: { action: 'act-1', step: 'rollback' },
      summary: 'Undo act-1: Roll checkout-api forward from checkout-api:41 to checkout-api:42 (deploy the target task definition)',
      calls: [{ kind: 'api' as const, operation: 'UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:42' } }],
      safety: { level: 'blocked' as const, reasons: [blocking], because: [blocking], phrase },
      typeToConfirm: phrase,
      typeReason: `blocked: ${blocking}; ${because}`,
      typeReasonBeyondBlock: because,
      recommendedInstead: 'Rolled back to :41 23m ago: the burn has stopped (5m 0.1x); the 1h window still holds the outage (9.9x)',
    };
    const at = (height: number) => renderAt(<ConfirmDialog confirmation={undo} stepTitle="Roll back to the previous task definition" typed="" size={{ width: 80, height }} sandbox />, { columns: 80, rows: 24 }).waitForFrame('CONFIRM');
    const text = (frame: string) => lines(frame).map((line) => line.replace(/^│ ?|\s*│$/g, '')).join('\n');
    const unwrapped = (frame: string) => text(frame).replace(/\n\s*/g, ' ');
    const small = await at(17);
    expect(text(small)).toContain('⊘ BLOCKED');
    expect(unwrapped(small)).toContain(`· ${blocking}`);
    expect(text(small)).toContain('  1. UpdateService');
    expect(unwrapped(small)).toContain('"taskDefinition": "checkout-api:42" }');
    expect(unwrapped(small)).toContain(`Type "${phrase}" to confirm (${because}):`);
    expect(text(small)).toContain('⚠ Not the recommended change (Esc, and the advice says why)');
    expect(text(small)).toContain('Esc cancel');
    // With room, all of it: the advice whole, and the reason to type with the block's.
    const tall = await at(26);
    expect(unwrapped(tall)).toContain('⚠ Not the recommended change: Rolled back to :41 23m ago: the burn has stopped');
    expect(unwrapped(tall)).toContain(`(blocked: ${blocking}; ${because}):`);
  });

  test("at 80x24, the undo of a rollback on an Argo Rollout (a plan too long to show) keeps why it is typed, and the field to type in", async () => {
    // As a responder saw it: `Type "roll forward to known-bad payments-api:42" to confirm:` then `Esc cancel`, no `> ▌`,
    // the advice in full above `Plan, 1 call: too long for this terminal`.
    const blocking = 'payments-api:42 is known bad: rolled back to payments-api:41 (as payments-api:43) by root (act-1) at 02:33Z';
    const because = 'the burn stopped after act-1: undoing it may bring the burn back';
    const phrase = 'roll forward to known-bad payments-api:42';
    const template = { metadata: { labels: { app: 'payments-api' } }, spec: { containers: [{ name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:c42d4c3' }, { name: 'envoy', image: 'public.ecr.aws/envoy:v1.31' }] } };
    const call = { kind: 'api' as const, operation: 'PATCH rollouts (application/json-patch+json)', args: { namespace: 'payments', name: 'payments-api', patch: [{ op: 'replace', path: '/spec/template', value: template }] } };
    const undo = {
      ...ROLLBACK_CONFIRMATION,
      step: undefined,
      undoes: { action: 'act-1', step: 'rollback' },
      summary: 'Undo act-1: Roll rollout/payments-api forward in payments from payments-api:43 to payments-api:42 (kubectl argo rollouts undo --to-revision=42; images: 123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:c42d4c3, public.ecr.aws/envoy:v1.31)',
      calls: [call],
      safety: { level: 'blocked' as const, reasons: [blocking], because: [blocking], phrase },
      typeToConfirm: phrase,
      typeReason: `blocked: ${blocking}; ${because}`,
      typeReasonBeyondBlock: because,
      recommendedInstead: 'Rolled back to :41 (as :43) 12m ago: the burn has stopped (5m 0.1x); the 1h window still holds the outage (9.9x)',
    };
    const frame = await renderAt(<ConfirmDialog confirmation={undo} stepTitle="Roll the Rollout back (kubectl argo rollouts undo)" typed="" size={{ width: 80, height: 18 }} sandbox />, { columns: 80, rows: 24 }).waitForFrame('CONFIRM');
    const text = lines(frame).map((line) => line.replace(/^│ ?|\s*│$/g, '')).join('\n');
    expect(text.replace(/\n\s*/g, ' ')).toContain(`Type "${phrase}" to confirm (${because}):`);
    expect(text).toContain('> ▌');
    expect(text).toContain('Esc cancel');
    expect(text).toContain('Plan, 1 call: too long for this terminal; a larger one shows it');
    expect(text).toContain('⚠ Not the recommended change (Esc, and the advice says why)');
  });

  test('a step run again after its change was undone says what it puts back', async () => {
    const redo = { ...ROLLBACK_CONFIRMATION, typeToConfirm: undefined, safety: { level: 'ok' as const, reasons: [] }, redoes: 'act-1 made this change, and act-2 undid it: the burn rose after it (5m 15.9x → 36.5x); running it again puts it back' };
    const frame = await renderAt(<ConfirmDialog confirmation={redo} stepTitle="Turn off checkout_v2" typed="" size={{ width: 120, height: 24 }} />, { columns: 120, rows: 30 }).waitForFrame('CONFIRM');
    expect(frame).toContain('✓ Its safety checks pass, but:');
    expect(frame.replace(/\s*│\n│\s*/g, ' ')).toContain('⚠ act-1 made this change, and act-2 undid it: the burn rose after it (5m 15.9x → 36.5x); running it again puts it back');
  });

  test("a teammate's dialog of the same step is named in this one", async () => {
    const both = { ...ROLLBACK_CONFIRMATION, typeToConfirm: undefined, safety: { level: 'ok' as const, reasons: [] }, teammate: 'alice is asked to confirm this step too (act-3-ab12): one change runs at a time, and this plan is checked again before it runs' };
    const frame = await renderAt(<ConfirmDialog confirmation={both} stepTitle="Turn off checkout_v2" typed="" size={{ width: 120, height: 24 }} />, { columns: 120, rows: 30 }).waitForFrame('CONFIRM');
    expect(frame.replace(/\s*│\n│\s*/g, ' ')).toContain('⚠ alice is asked to confirm this step too (act-3-ab12): one change runs at a time, and this plan is checked again before it runs');
  });

  test('in a sandbox drill it says where the calls go (the runbook names `cluster: prod`)', async () => {
    const apiOnly = { ...ROLLBACK_CONFIRMATION, calls: ROLLBACK_CONFIRMATION.calls.filter((call) => call.kind === 'api') };
    const r = renderAt(<ConfirmDialog confirmation={apiOnly} typed="" size={{ width: 80, height: 22 }} sandbox />, { columns: 80, rows: 24 });
    const frame = (await r.waitForFrame('CONFIRM')).replace(/[│\s]+/g, ' ');
    expect(frame).toContain("Calls go to the drill's sandbox: nothing real is touched.");
    const real = renderAt(<ConfirmDialog confirmation={ROLLBACK_CONFIRMATION} typed="" size={size} />, { columns: 100, rows: 30 });
    expect(await real.waitForFrame('CONFIRM')).not.toContain('sandbox');
  });

  test('a mitigation other than the recommended one says so, in the dialog', async () => {
    const safe = { ...ROLLBACK_CONFIRMATION, typeToConfirm: undefined, typeReason: undefined, safety: { level: 'ok' as const, reasons: [] }, recommendedInstead: 'Flag kill switch recommended: checkout_v2 changed 55m ago, after the last deploy before the burn (checkout-api:42, 3h ago)' };
    const r = renderAt(<ConfirmDialog confirmation={safe} typed="" size={{ width: 80, height: 20 }} />, { columns: 80, rows: 24 });
    const text = lines(await r.waitForFrame('CONFIRM')).map((line) => line.replace(/^│ ?|\s*│$/g, '')).join(' ').replace(/ +/g, ' ');
    expect(text).toContain('⚠ Not the recommended change: Flag kill switch recommended: checkout_v2 changed 55m ago, after the last deploy before the burn (checkout-api:42, 3h ago)');
    expect(text).toContain('Enter runs it.');
    // `✓ SAFE` right above it read as a contradiction: the checks pass, but.
    expect(text).toContain('✓ Its safety checks pass, but: ⚠ Not the recommended change');
    expect(text).not.toContain('SAFE');
    // A check that passed is said as one, after the caveat: `· one revision back` under "but:" read as the caveat.
    const checked = { ...safe, safety: { level: 'ok' as const, reasons: ['one revision back'] } };
    const frame = lines(await renderAt(<ConfirmDialog confirmation={checked} typed="" size={{ width: 80, height: 20 }} />, { columns: 80, rows: 24 }).waitForFrame('CONFIRM'))
      .map((line) => line.replace(/^│ ?|\s*│$/g, ''))
      .join(' ')
      .replace(/ +/g, ' ');
    expect(frame).toContain('✓ Its safety checks pass, but: ⚠ Not the recommended change');
    expect(frame).toMatch(/3h ago\) ✓ one revision back/);
    expect(frame).not.toContain('· one revision back');
  });

  test('in a sandbox drill, a runbook command is said to run for real: only provider calls are sandboxed', async () => {
    // A drill's confirmation said "nothing real is touched" above `$ ./scripts/pause-consumers.sh`, which ran on the host.
    const command = { ...ROLLBACK_CONFIRMATION, name: 'command.run', calls: [{ kind: 'argv' as const, argv: ['./scripts/pause-consumers.sh', 'orders'], cwd: '/srv/runbooks' }], safety: { level: 'ok' as const, reasons: [] }, typeToConfirm: undefined, typeReason: undefined };
    const r = renderAt(<ConfirmDialog confirmation={command} typed="" size={{ width: 80, height: 20 }} sandbox />, { columns: 80, rows: 24 });
    const frame = await r.waitForFrame('CONFIRM');
    expect(frame).toContain('⚠ Commands run for real on this machine; only provider calls are sandboxed.');
    expect(frame).not.toContain('nothing real is touched');
  });

  test('says whether what was typed matches', async () => {
    const partial = renderAt(<ConfirmDialog confirmation={ROLLBACK_CONFIRMATION} typed="checkout" size={size} />, { columns: 100, rows: 30 });
    expect(await partial.waitForFrame('> checkout▌')).toContain('≠ does not match yet');
    const exact = renderAt(<ConfirmDialog confirmation={ROLLBACK_CONFIRMATION} typed="checkout-api" size={size} />, { columns: 100, rows: 30 });
    const frame = await exact.waitForFrame('matches');
    expect(frame).toContain('✓ matches: Enter to confirm');
    expect(frame).toContain('Enter confirm · Esc cancel');
  });

  test('a safe action needs only Enter; a blocked one says so', async () => {
    const safe = { ...ROLLBACK_CONFIRMATION, typeToConfirm: undefined, typeReason: undefined, safety: { level: 'ok' as const, reasons: [] } };
    const r = renderAt(<ConfirmDialog confirmation={safe} typed="" size={size} />, { columns: 100, rows: 30 });
    const frame = await r.waitForFrame('SAFE');
    expect(frame).toContain('Enter runs it.');
    expect(frame).not.toContain('Type "');
    const blocked = { ...ROLLBACK_CONFIRMATION, safety: { level: 'blocked' as const, reasons: ['migration 0042 is destructive'], phrase: 'checkout-api' } };
    const b = renderAt(<ConfirmDialog confirmation={blocked} typed="" size={size} />, { columns: 100, rows: 30 });
    expect(await b.waitForFrame('BLOCKED')).toContain('· migration 0042 is destructive');
  });

  test('at 80 columns a wrapped reason and a wrapped call continue under their text, and the call wraps between its arguments', async () => {
    // As a responder saw the irreversible-migration drill's dialog at 80x24: the reason's second
    // line started under the bullet, and the plan broke "taskDefinitio|n".
    const blocking = 'checkout-api:42 ran a contract migration: checkout-api:41 is likely to fail against the data it left behind';
    const safety = { level: 'blocked' as const, reasons: [blocking], because: [blocking], phrase: 'override migration checkout-api:42' };
    const call = { kind: 'api' as const, operation: 'UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' } };
    const blocked = { ...ROLLBACK_CONFIRMATION, calls: [call], safety, typeToConfirm: safety.phrase, typeReason: `blocked: ${blocking}` };
    const r = renderAt(<ConfirmDialog confirmation={blocked} typed="" size={{ width: 80, height: 22 }} />, { columns: 80, rows: 24 });
    const body = lines(await r.waitForFrame('BLOCKED')).map((line) => line.replace(/^│ ?|\s*│$/g, ''));
    const reason = body.findIndex((line) => line.startsWith('  · checkout-api:42 ran a contract migration'));
    expect(reason).toBeGreaterThan(-1);
    expect(body[reason + 1]).toMatch(/^ {4}\S/);
    expect(`${body[reason]} ${body[reason + 1]!.trim()}`).toContain(blocking);
    const plan = body.findIndex((line) => line.startsWith('  1. UpdateService'));
    expect(body[plan + 1]).toMatch(/^ {5}\S/);
    // Every argument whole on one line or the other.
    const planText = `${body[plan]}\n${body[plan + 1]}`;
    for (const piece of ['"cluster": "prod"', '"service": "checkout-api"', '"taskDefinition": "checkout-api:41"']) expect(planText).toContain(piece);
  });

  test('a blocked rollback shows only what blocks it as blocking; the checks that passed are marked as passed', async () => {
    // The verdict rollbackSafety gives the irreversible-migration drill.
    const blocking = 'checkout-api:42 ran a contract migration: checkout-api:41 is likely to fail against the data it left behind';
    const safety = { level: 'blocked' as const, reasons: ['one revision back', blocking], because: [blocking], phrase: 'override migration checkout-api:42' };
    const blocked = { ...ROLLBACK_CONFIRMATION, safety, typeToConfirm: safety.phrase, typeReason: `blocked: ${blocking}` };
    const r = renderAt(<ConfirmDialog confirmation={blocked} typed="" size={{ width: 120, height: 20 }} />, { columns: 120, rows: 30 });
    const frame = await r.waitForFrame('BLOCKED');
    expect(frame).toContain(`· ${blocking}`);
    expect(frame).toContain('✓ one revision back');
    expect(frame).not.toContain('· one revision back');
    expect(frame).toContain('Type "override migration checkout-api:42" to confirm (blocked: checkout-api:42 ran a contract migration');
  });

  test('at 80x24, a blocked rollback in a sandbox drill: the facts that passed and the sandbox line give their room up before the plan does', async () => {
    // As a responder saw the irreversible-migration drill at 80x24: the plan's second line (the
    // target, `"taskDefinition": "checkout-api:41" }`) was gone under "Plan, 1 call, exactly:".
    const blocking = 'checkout-api:42 ran a contract migration: checkout-api:41 is likely to fail against the data it left behind';
    const safety = { level: 'blocked' as const, reasons: ['one revision back', 'no other deploy in progress', blocking], because: [blocking], phrase: 'override migration checkout-api:42' };
    const call = { kind: 'api' as const, operation: 'UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' } };
    const blocked = { ...ROLLBACK_CONFIRMATION, summary: 'Roll back checkout-api from checkout-api:42 to checkout-api:41 (deploy the target task definition)', calls: [call], safety, typeToConfirm: safety.phrase, typeReason: `blocked: ${blocking}` };
    const r = renderAt(<ConfirmDialog confirmation={blocked} stepTitle="Roll back to the previous task definition" typed="" size={{ width: 80, height: 17 }} sandbox />, { columns: 80, rows: 24 });
    const frame = await r.waitForFrame('BLOCKED');
    const text = lines(frame).map((line) => line.replace(/^│ ?|\s*│$/g, '')).join('\n');
    for (const piece of ['"cluster": "prod"', '"service": "checkout-api"', '"taskDefinition": "checkout-api:41" }']) expect(text).toContain(piece);
    expect(text).toContain('Type "override migration checkout-api:42" to confirm');
    expect(text).toContain('Esc cancel');
    // What gave its room up: the passed facts, not what decides; the sandbox line is whole.
    expect(text).toContain(`· ${blocking.slice(0, 40)}`);
    expect(text).toContain("Calls go to the drill's sandbox: nothing real is touched.");
  });

  test('at 80x24, a plan longer than the dialog (an Argo Rollout\'s whole template) is cut inside it: the phrase to type and the keys stay', async () => {
    // As a responder saw the payments-api-rollout irreversible-migration drill at 80x24: the
    // patch's JSON ran over the dialog's border and the keys, and the override prompt was gone.
    const blocking = 'payments-api:42 ran a contract migration: payments-api:41 is likely to fail against the data it left behind';
    const safety = { level: 'blocked' as const, reasons: ['one revision back', blocking], because: [blocking], phrase: 'override migration payments-api:42' };
    const template = { metadata: { annotations: { 'cockpit.dev/actor': 'carol', 'cockpit.dev/commit': 'c41c3d2' }, labels: { app: 'payments-api' } }, spec: { containers: [{ name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:c41c3d2' }, { name: 'envoy', image: 'public.ecr.aws/envoy:v1.31' }] } };
    const call = { kind: 'api' as const, operation: 'PATCH rollouts (application/json-patch+json)', args: { namespace: 'payments', name: 'payments-api', patch: [{ op: 'replace', path: '/spec/template', value: template }] } };
    const blocked = { ...ROLLBACK_CONFIRMATION, summary: 'Roll back rollout/payments-api in payments from payments-api:42 to payments-api:41 (kubectl argo rollouts undo --to-revision=41; images: 123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:c41c3d2, public.ecr.aws/envoy:v1.31)', calls: [call], safety, typeToConfirm: safety.phrase, typeReason: `blocked: ${blocking}` };
    const r = renderAt(<ConfirmDialog confirmation={blocked} stepTitle="Roll the Rollout back (kubectl argo rollouts undo)" typed="" size={{ width: 80, height: 18 }} sandbox />, { columns: 80, rows: 24 });
    const frame = await r.waitForFrame('BLOCKED');
    const rows = lines(frame);
    expect(rows.at(-1)).toMatch(/^╰─+╯$/);
    for (const row of rows.slice(1, -1)) expect(row, frame).toMatch(/^│.*│$/);
    const text = rows.map((line) => line.replace(/^│ ?|\s*│$/g, '')).join('\n');
    expect(text).toContain('Type "override migration payments-api:42" to confirm');
    expect(text).toContain('Esc cancel');
    // What gave its room up, and said so: the plan is cut, in words; the passed fact went first.
    expect(text).toContain('1. PATCH rollouts');
    const where = /… plan (?:line 1|lines 1-(\d+)) of (\d+): ↑↓ PgUp PgDn scroll it/.exec(text);
    expect(where, text).not.toBeNull();
    const [shownRows, total] = [Number(where![1] ?? 1), Number(where![2])];
    expect(shownRows).toBeLessThan(total);
    expect(text).not.toContain('"public.ecr.aws/envoy:v1.31"');
    expect(text).not.toContain('✓ one revision back');
    // Scrolled to its last page (a responder's ↓): the plan's end, and where it is; what decides stays.
    const scroll = planScroll(blocked, 'Roll the Rollout back (kubectl argo rollouts undo)', '', true, null, { width: 80, height: 18 });
    expect(scroll).toEqual({ lastTop: total - shownRows, rows: shownRows });
    const last = scroll!.lastTop;
    const scrolled = renderAt(<ConfirmDialog confirmation={blocked} stepTitle="Roll the Rollout back (kubectl argo rollouts undo)" typed="" planTop={last} size={{ width: 80, height: 18 }} sandbox />, { columns: 80, rows: 24 });
    const end = lines(await scrolled.waitForFrame('BLOCKED')).map((line) => line.replace(/^│ ?|\s*│$/g, '')).join('\n');
    expect(end).toContain(`… plan ${shownRows === 1 ? `line ${total}` : `lines ${last + 1}-${total}`} of ${total}: ↑↓ PgUp PgDn scroll it`);
    expect(end.replace(/\s+/g, ' ')).toContain('"public.ecr.aws/envoy:v1.31"');
    expect(end).not.toContain('1. PATCH rollouts');
    expect(end).toContain('Type "override migration payments-api:42" to confirm');
    // The first letters typed: the plan keeps its lines (helper-138: `≠ does not match yet` took the last, and the plan
    // could no longer be read as Enter was pressed); the match is said once it matches.
    const typing = renderAt(<ConfirmDialog confirmation={blocked} stepTitle="Roll the Rollout back (kubectl argo rollouts undo)" typed="ove" size={{ width: 80, height: 18 }} sandbox />, { columns: 80, rows: 24 });
    const typed = lines(await typing.waitForFrame('> ove')).join('\n');
    expect(typed).toMatch(/… plan (line 1|lines 1-\d+) of \d+: ↑↓ PgUp PgDn scroll it/);
    expect(typed).not.toContain('≠ does not match yet');
    expect(planScroll(blocked, 'Roll the Rollout back (kubectl argo rollouts undo)', 'ove', true, null, { width: 80, height: 18 })).toEqual(scroll);
    // Two lines fewer (the status banner on screen): no line of the plan fits; one line says so, and
    // the phrase to type stays. One fewer still: the title takes one line.
    for (const height of [16, 15]) {
      const short = renderAt(<ConfirmDialog confirmation={blocked} stepTitle="Roll the Rollout back (kubectl argo rollouts undo)" typed="" size={{ width: 80, height }} sandbox />, { columns: 80, rows: 24 });
      const shortRows = lines(await short.waitForFrame('BLOCKED'));
      expect(shortRows.length, shortRows.join('\n')).toBeLessThanOrEqual(height);
      expect(shortRows.at(-1)).toMatch(/^╰─+╯$/);
      const shortText = shortRows.map((line) => line.replace(/^│ ?|\s*│$/g, '')).join('\n');
      expect(shortText).toContain('Plan, 1 call: too long for this terminal; a larger one shows it');
      expect(shortText).toContain('Type "override migration payments-api:42" to confirm:');
      expect(shortText).toContain('> ▌');
      expect(shortText).toContain('Esc cancel');
      if (height === 15) expect(shortText).toContain('CONFIRM deploys.rollback · step: Roll the Rollout back (kubectl argo rollou…\n');
    }
    // With room, the whole plan and no such line.
    const tall = renderAt(<ConfirmDialog confirmation={blocked} typed="" size={{ width: 80, height: 40 }} sandbox />, { columns: 80, rows: 44 });
    const whole = lines(await tall.waitForFrame('BLOCKED')).map((line) => line.replace(/^│ ?|\s*│$/g, '')).join(' ');
    expect(whole).toContain('"public.ecr.aws/envoy:v1.31"');
    expect(whole).toContain('✓ one revision back');
    expect(whole).not.toContain('the plan is cut');
  });

  test('at 80x24 the plan wraps inside the box and the keys stay visible', async () => {
    const r = renderAt(<ConfirmDialog confirmation={ROLLBACK_CONFIRMATION} typed="" size={{ width: 80, height: 9 }} />, { columns: 80 });
    const frame = await r.waitForFrame('CONFIRM');
    expect(lines(frame)).toHaveLength(9);
    expect(frame).toContain('Esc cancel');
    for (const line of lines(frame)) expect(Array.from(line).length).toBeLessThanOrEqual(80);
  });
});

describe('input dialogs', () => {
  test('text, choices in brackets, and cancel', async () => {
    const note = renderAt(<TextDialog title="ADD A NOTE TO THE TIMELINE" label="Note:" text="db failover done" size={size} />, { columns: 100, rows: 30 });
    expect(await note.waitForFrame('ADD A NOTE')).toContain('> db failover done▌');
    const role = renderAt(<RoleDialog choice={1} text="bob" size={size} />, { columns: 100, rows: 30 });
    expect(await role.waitForFrame('ASSIGN')).toMatch(/ commander \[ops\] comms /);
    const severity = renderAt(<SeverityDialog current="SEV2" choice={0} text="" size={size} />, { columns: 100, rows: 30 });
    const frame = await severity.waitForFrame('SEVERITY');
    expect(frame).toContain('CHANGE SEVERITY (now SEV2)');
    expect(frame).toContain('[SEV1]');
    expect(frame).toContain('Tab/←→ choose · Enter confirm · Esc cancel');
    const cancel = renderAt(<CancelRunningDialog name="deploys.rollback" phase="executing" size={size} />, { columns: 100, rows: 30 });
    expect(await cancel.waitForFrame('CANCEL')).toContain('Enter cancel it · Esc keep it running');
    // A change already made only stops being watched: the dialog says so, and why there is no abort.
    const unwatch = renderAt(<CancelRunningDialog name="deploys.rollback" phase="verifying" size={size} />, { columns: 100, rows: 30 });
    const unwatchFrame = await unwatch.waitForFrame('STOP WATCHING');
    expect(unwatchFrame).toContain('Enter stop watching · Esc keep watching');
    expect(unwatchFrame).toContain('stopping does not undo it');
    expect(unwatchFrame).toContain('Abort is not offered');
    // True of whatever is watched: no platform the runbook may not use is named.
    expect(unwatchFrame).not.toMatch(/ECS|Argo/);
    const incident = { id: 'inc-20261122-0230-checkout-api', mode: 'incident' } as const;
    // The dialog's lines as one text: its sentences wrap at 100 columns.
    const flat = (frame: string) => frame.split('\n').map((line) => line.replace(/^[│\s]+|[│\s]+$/g, '')).join(' ');
    const quit = renderAt(<QuitRunningDialog actions={['deploys.rollback: Roll back checkout-api from :42 to :41']} incident={incident} size={size} />, { columns: 100, rows: 30 });
    const quitFrame = await quit.waitForFrame('QUIT WHILE ACTIONS RUN?');
    expect(quitFrame).toContain('⟳ deploys.rollback: Roll back checkout-api from :42 to :41');
    // No check is listed: nothing is said of one.
    expect(quitFrame).not.toContain('A check stops counting');
    expect(flat(quitFrame)).toContain('The timeline records that you quit while an action ran; open the incident again (cockpit open …, printed in full as the cockpit exits) and Enter on its step');
    // The way back from a sandbox drill is its own command; "reopen" is what `o` does to a resolved incident.
    const drill = renderAt(<QuitRunningDialog actions={['deploys.rollback: x']} incident={{ ...incident, mode: 'drill-sandbox' }} size={size} />, { columns: 100, rows: 30 });
    expect(flat(await drill.waitForFrame('QUIT WHILE ACTIONS RUN?'))).toContain('resume the drill (cockpit drill … --incident inc-20261122-0230-checkout-api, printed in full as the cockpit exits)');
    // A check alone records nothing when left: the dialog does not promise a record.
    const check = renderAt(<QuitRunningDialog actions={['check Wait for the burn to fall below 1x: availability 5m burn 0.40x < 1x, held 30s of 10m']} incident={incident} size={size} />, { columns: 100, rows: 30 });
    const checkFrame = await check.waitForFrame('QUIT WHILE A CHECK RUNS?');
    expect(flat(checkFrame)).toContain("to watch it again, from the SLO's samples, open the incident again");
    expect(checkFrame).not.toContain('timeline records');
  });
});

describe('HelpDialog', () => {
  test('lists every binding from the key table, then escalation and links', async () => {
    const incident = { ...incidentView().incident, escalation: ['payments-oncall', 'eng-manager'], links: { dashboard: 'https://grafana.example/d/checkout' } };
    const r = renderAt(<HelpDialog size={{ width: 100, height: 32 }} incident={incident} />, { columns: 100, rows: 34 });
    const frame = await r.waitForFrame('KEYS');
    for (const binding of BINDINGS) expect(frame).toContain(`${binding.keys.padEnd(10)}${binding.help}`);
    expect(frame).toContain('Escalation: payments-oncall → eng-manager');
    expect(frame).toContain('dashboard: https://grafana.example/d/checkout');
  });
});

describe('DialogText', () => {
  // Ink's wrap kept the space a full line ended before: `     behind`, ` 3h2m ago)` at 80 and 100 columns.
  test('wraps between words with no space carried to the start of a line', async () => {
    const r = renderAt(
      <DialogFrame title="T" tone="info" size={{ width: 24, height: 10 }} keys={['Esc']}>
        <DialogText>checkout-api:42 ran a contract migration that left behind</DialogText>
      </DialogFrame>,
      { columns: 40, rows: 12 },
    );
    const frame = await r.waitForFrame('behind');
    const inner = lines(frame).map((line) => /^│ (.*?) *│$/.exec(line)?.[1]).filter((text): text is string => text !== undefined);
    expect(inner.slice(1, 4)).toEqual(['checkout-api:42 ran', 'a contract migration', 'that left behind']);
  });
});

describe('ConfirmDialog reasons', () => {
  test('a reason wraps under its text, with no space carried to a line start (`      behind`, one column too far in)', async () => {
    const reason = 'checkout-api:42 ran a contract migration that left behind';
    const confirmation = { ...ROLLBACK_CONFIRMATION, safety: { level: 'typed' as const, reasons: [reason], because: [reason] }, typeToConfirm: 'checkout-api', typeReason: reason };
    const r = renderAt(<ConfirmDialog confirmation={confirmation} typed="" size={{ width: 28, height: 40 }} />, { columns: 40, rows: 42 });
    const frame = await r.waitForFrame('behind');
    const shown = lines(frame);
    expect(shown).toContain('│   · checkout-api:42 ran  │');
    expect(shown).toContain('│     a contract migration │');
    expect(shown).toContain('│     that left behind     │');
  });
});

// At 80x24 the resolve dialog's text stopped mid-sentence with no marker (helper-124, helper-126): "Changed during the
// incident and still so: …" was cut whole, and the responder resolved without it.
describe('StatusDialog', () => {
  test('says how many lines were cut to fit, above its field and keys', async () => {
    const changes = Array.from({ length: 6 }, (_, i) => `flag_${i} serves off since 02:3${i} UTC (was on; flags.set act-${i} by root), and the burn went on after it: it likely did not help (set flag_${i} back to on?)`);
    const openEnds = { steps: ['1. Confirm failed payments', '4. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery)'], changes, inFlight: [] };
    const frame = await renderAt(<StatusDialog to="resolved" burning={undefined} openEnds={openEnds} reminders={[]} text="" size={{ width: 80, height: 14 }} />, { columns: 80, rows: 24 }).waitForFrame('more lines cut to fit');
    expect(frame).toMatch(/… \d+ more lines cut to fit: a larger terminal shows them/);
    expect(frame).toContain('Summary (optional):');
    expect(frame).toContain('Esc');
    const roomy = await renderAt(<StatusDialog to="resolved" burning={undefined} openEnds={openEnds} reminders={[]} text="" size={{ width: 160, height: 40 }} />, { columns: 160, rows: 48 }).waitForFrame('Summary');
    expect(roomy).not.toContain('cut to fit');
  });
});
