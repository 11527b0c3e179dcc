import './deterministicEnv';
import { describe, expect, test } from 'vitest';
import { FakeController } from './fakeController';
import { incidentView, ROLLBACK_CONFIRMATION, runningRollback, withConfirmation, withProviderError } from './fixtures';
import { lines, renderCockpit, waitUntil } from './harness';
import { TYPING_PAUSE_MS } from '../../src/ui/typeAhead';

async function cockpit(view = incidentView(), size = { columns: 120, rows: 40 }) {
  const controller = new FakeController(view);
  const r = renderCockpit(controller, size);
  await r.waitForFrame(view.confirmation === undefined ? 'TIMELINE' : 'CONFIRM');
  return { controller, r };
}

describe('the cockpit app', () => {
  test('Enter runs the selected step; the confirmation the session puts up takes the screen', async () => {
    const { controller, r } = await cockpit();
    controller.respond = (intent) => {
      if (intent.type === 'step.run') controller.push(withConfirmation());
      return { ok: true };
    };
    r.press('enter');
    await r.waitForFrame('CONFIRM deploys.rollback · step: Roll back to the previous revision');
    expect(controller.dispatched).toEqual([{ type: 'step.run', step: 'rollback' }]);
  });

  test('a terminal too small for the runbook panel: the footer offers no step keys, and Enter runs nothing unseen', async () => {
    // A responder at 60x15: the RUNBOOK panel was gone, the footer still said "Enter run", and Enter ran the hidden step.
    const controller = new FakeController(incidentView());
    const r = renderCockpit(controller, { columns: 60, rows: 15 });
    const frame = await r.waitForFrame('SLO BURN');
    // At most the runbook's heading: no step line.
    const stepLine = /^[›\s] [○⟳✓↷✖⚠◌✎] \d+\./m;
    expect(frame).not.toMatch(stepLine);
    expect(lines(frame).at(-1)).not.toMatch(/Enter run|s skip|d done|move/);
    r.press('enter');
    r.press('d');
    await r.waitForFrame('No step on screen: make the terminal larger');
    expect(controller.dispatched).toEqual([]);
    // The same cockpit at 80x24 shows its steps, and offers their keys.
    const roomy = renderCockpit(new FakeController(incidentView()), { columns: 80, rows: 24 });
    const roomyFrame = await roomy.waitForFrame('TIMELINE');
    expect(roomyFrame).toMatch(stepLine);
    expect(lines(roomyFrame).at(-1)).toContain('Enter run');
  });

  test('moving then pressing Enter in the same instant acts on the new step (no stale closure)', async () => {
    const { controller, r } = await cockpit();
    r.press('j');
    r.press('enter');
    await waitUntil(() => controller.dispatched.length === 1);
    expect(controller.dispatched).toEqual([{ type: 'step.run', step: 'disable-pricing' }]);
    // Typed ahead of the confirmation Enter asked for (typeAhead.ts), `d` would be ignored: a pause in typing first.
    await new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS));
    r.press('k');
    r.press('k');
    r.press('d');
    await waitUntil(() => controller.dispatched.length === 2);
    expect(controller.dispatched[1]).toEqual({ type: 'step.complete', step: 'check-deploys' });
  });

  test('a key and Enter read in one chunk from the terminal: the move happens, then the run', async () => {
    const { controller, r } = await cockpit();
    r.press('j\r');
    await waitUntil(() => controller.dispatched.length === 1);
    expect(controller.dispatched).toEqual([{ type: 'step.run', step: 'disable-pricing' }]);
  });

  test('a phrase and Enter in one chunk (typed fast or pasted) type, then confirm', async () => {
    const { controller, r } = await cockpit(withConfirmation());
    r.press('checkout-api\r');
    await waitUntil(() => controller.dispatched.length === 1);
    expect(controller.dispatched).toEqual([{ type: 'confirm', action: ROLLBACK_CONFIRMATION.action, typed: 'checkout-api' }]);
  });

  test('type-to-confirm: wrong text does not confirm, the exact phrase does', async () => {
    const { controller, r } = await cockpit(withConfirmation());
    await r.waitForFrame('Type "checkout-api"');
    r.press('checkout');
    r.press('enter');
    await r.waitForFrame('✖ Type exactly "checkout-api" to confirm, or Esc to cancel');
    expect(controller.dispatched).toEqual([]);
    r.press('-api');
    await r.waitForFrame('✓ matches');
    r.press('enter');
    await waitUntil(() => controller.dispatched.length === 1);
    expect(controller.dispatched).toEqual([{ type: 'confirm', action: ROLLBACK_CONFIRMATION.action, typed: 'checkout-api' }]);
    // Answered: the dialog does not come back while the session still shows the confirmation.
    await r.waitForFrame((frame) => !frame.includes('CONFIRM') && frame.includes('RUNBOOK'));
  });

  test('Esc declines a confirmation', async () => {
    const { controller, r } = await cockpit(withConfirmation());
    await r.waitForFrame('CONFIRM');
    r.press('chec');
    r.press('escape');
    await waitUntil(() => controller.dispatched.length === 1);
    expect(controller.dispatched).toEqual([{ type: 'cancel', action: ROLLBACK_CONFIRMATION.action }]);
    await r.waitForFrame((frame) => !frame.includes('CONFIRM'));
  });

  test('at 120x40 a Kubernetes rollback’s whole summary is read (wrapped, never cut), and its whole patch below it', async () => {
    const summary =
      'Roll back deployment/payments-api in payments from payments-api:42 to payments-api:41 (kubectl rollout undo --to-revision=41; images: ' +
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:c41c3d2, public.ecr.aws/envoy:v1.31)';
    const patch = [
      { op: 'replace', path: '/spec/template', value: { metadata: { annotations: { 'cockpit.dev/actor': 'carol', 'cockpit.dev/commit': 'c41c3d2' }, labels: { app: 'payments-api' } }, spec: { containers: [{ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:c41c3d2', name: 'app', resources: {} }, { image: 'public.ecr.aws/envoy:v1.31', name: 'envoy', resources: {} }] } } },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '42', 'kubernetes.io/change-cause': 'deploy c41c3d2 by carol' } },
      { op: 'replace', path: '/metadata/resourceVersion', value: '1005' },
    ];
    const kubernetes = {
      ...ROLLBACK_CONFIRMATION,
      summary,
      calls: [{ kind: 'api' as const, operation: 'PATCH deployments (application/json-patch+json)', args: { namespace: 'payments', name: 'payments-api', patch } }],
      safety: { level: 'ok' as const, reasons: [] },
    };
    const { typeToConfirm: _t, typeReason: _r, ...safe } = kubernetes;
    const { r } = await cockpit(withConfirmation(safe));
    const frame = await r.waitForFrame('Enter runs it.');
    // The dialog's text without its frame: lines joined as a reader reads them across the wrap.
    const text = lines(frame).map((line) => line.replace(/^[│| ]+|[│| ]+$/g, '')).join(' ');
    expect(text).toContain(summary);
    expect(text.replaceAll(' ', '')).toContain(`1.PATCHdeployments(application/json-patch+json)${JSON.stringify({ namespace: 'payments', name: 'payments-api', patch }).replaceAll(' ', '')}`);
  });

  // At 80x24 a typed confirmation was made with its plan cut (`… the plan is cut to fit: a larger terminal shows all of
  // it`): the responder could not read the calls it made.
  test('at 80x24 a plan cut to fit scrolls with ↓ and PgUp, and the phrase typed still confirms', async () => {
    const template = { metadata: { annotations: { 'cockpit.dev/actor': 'carol' } }, spec: { containers: [{ name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:c41c3d2' }, { name: 'envoy', image: 'public.ecr.aws/envoy:v1.31' }] } };
    const annotations = { 'deployment.kubernetes.io/revision': '42', 'kubernetes.io/change-cause': 'deploy c41c3d2 by carol', 'cockpit.dev/commit': 'c41c3d2' };
    const patch = [{ op: 'replace', path: '/spec/template', value: template }, { op: 'replace', path: '/metadata/annotations', value: annotations }, { op: 'replace', path: '/metadata/resourceVersion', value: '1005' }];
    const long = { ...ROLLBACK_CONFIRMATION, calls: [{ kind: 'api' as const, operation: 'PATCH rollouts (application/json-patch+json)', args: { namespace: 'payments', name: 'payments-api', patch } }] };
    const { controller, r } = await cockpit(withConfirmation(long), { columns: 80, rows: 24 });
    const first = await r.waitForFrame("PgUp PgDn scroll it");
    const [, rows, total] = /plan lines 1-(\d+) of (\d+)/.exec(first)!.map(Number);
    expect(first).toContain('1. PATCH rollouts');
    r.press('down');
    await r.waitForFrame(`plan lines 2-${rows! + 1} of ${total}`);
    r.press('pageDown');
    const end = await r.waitForFrame(`of ${total}: ↑↓`);
    await r.waitForFrame(`-${total} of ${total}`);
    expect(end).not.toContain('1. PATCH rollouts');
    r.press('pageUp');
    await r.waitForFrame(`plan lines 1-${rows} of ${total}`);
    r.press(`${ROLLBACK_CONFIRMATION.typeToConfirm}`);
    await r.waitForFrame('matches');
    r.press('enter');
    await waitUntil(() => controller.dispatched.length === 1);
    expect(controller.dispatched).toEqual([{ type: 'confirm', action: ROLLBACK_CONFIRMATION.action, typed: ROLLBACK_CONFIRMATION.typeToConfirm }]);
  });

  test('Esc on a running action asks first, Enter then cancels it', async () => {
    const { controller, r } = await cockpit(runningRollback());
    r.press('escape');
    await r.waitForFrame('CANCEL deploys.rollback?');
    expect(controller.dispatched).toEqual([]);
    r.press('enter');
    await waitUntil(() => controller.dispatched.length === 1);
    expect(controller.dispatched).toEqual([{ type: 'cancel', action: 'act-1' }]);
  });

  test('skip with a reason, a note, a role, a severity, mitigated and resolved', async () => {
    const { controller, r } = await cockpit();
    const steps: Array<[string, string]> = [
      ['s', 'SKIP STEP'],
      ['no deploy today', '> no deploy today'],
      ['\r', 'RUNBOOK'],
      ['n', 'ADD A NOTE'],
      ['db failover done', '> db failover done'],
      ['\r', 'RUNBOOK'],
      ['c', 'ASSIGN A ROLE'],
      ['\t', '[ops]'],
      ['bob', '> bob'],
      ['\r', 'RUNBOOK'],
      // Enter on the severity it has records nothing (the postmortem read `Severity changed to SEV2` of a SEV2).
      ['S', 'CHANGE SEVERITY'],
      ['\r', 'RUNBOOK'],
      // With a reason typed, it says so rather than dropping the words, which stay.
      ['S', 'CHANGE SEVERITY'],
      ['customers cannot pay', '> customers cannot pay'],
      ['\r', 'The severity is SEV2 already: ←→ chooses another, Esc leaves it'],
      ['\u001B[D', '[SEV1]'],
      ['\r', 'RUNBOOK'],
      ['m', 'MITIGATED'],
      ['\r', 'RUNBOOK'],
      ['r', 'RESOLVED'],
      ['fixed by rollback', '> fixed by rollback'],
      ['\r', 'RUNBOOK'],
    ];
    for (const [key, expected] of steps) {
      r.press(key);
      await r.waitForFrame(expected);
    }
    await waitUntil(() => controller.dispatched.length === 6);
    expect(controller.dispatched).toEqual([
      { type: 'step.skip', step: 'rollback', reason: 'no deploy today' },
      { type: 'note', text: 'db failover done' },
      { type: 'role.assign', role: 'ops', person: 'bob' },
      { type: 'severity.change', to: 'SEV1', reason: 'customers cannot pay' },
      { type: 'incident.mitigated' },
      { type: 'incident.resolved', summary: 'fixed by rollback' },
    ]);
  });

  test('a refusal is shown in the session’s words', async () => {
    const { controller, r } = await cockpit();
    controller.respond = () => ({ ok: false, reason: 'another cockpit holds this incident' });
    // `d` on the selected rollback (its action not run) asks why first; Esc leaves the step as it was.
    r.press('d');
    await r.waitForFrame('DONE WITHOUT RUNNING IT?');
    r.press('\u001B');
    await r.waitForFrame((frame) => !frame.includes('DONE WITHOUT RUNNING IT?'));
    expect(controller.dispatched).toEqual([]);
    r.press('d');
    await r.waitForFrame('DONE WITHOUT RUNNING IT?');
    r.press('done in the console');
    await r.waitForFrame('> done in the console');
    r.press('\r');
    await r.waitForFrame('✖ another cockpit holds this incident');
    expect(controller.dispatched).toEqual([{ type: 'step.complete', step: 'rollback', reason: 'done in the console' }]);
    // It answers that key: the next one clears it (a watcher's "✖ Read-only" stayed for fourteen minutes).
    r.press('j');
    await r.waitForFrame((frame) => !frame.includes('✖ another cockpit holds this incident'));
  });

  test('a refused confirmation comes back, with the reason', async () => {
    const { controller, r } = await cockpit(withConfirmation());
    controller.respond = () => ({ ok: false, reason: 'the rollback target changed: plan again' });
    r.press('checkout-api');
    await r.waitForFrame('✓ matches');
    r.press('enter');
    const frame = await r.waitForFrame('✖ the rollback target changed: plan again');
    expect(frame).toContain('CONFIRM deploys.rollback');
  });

  test('reminders and notices take the status line when nothing else does', async () => {
    const { r } = await cockpit(incidentView({ reminders: ['Status page not updated for 12m (runbook: after 10m)'], notices: ['plugin flagd failed to load'] }));
    expect(r.frame()).toContain('⚑ Status page not updated for 12m (runbook: after 10m)  (+1 more: ? shows them)');
  });

  test('help opens from the key table and closes', async () => {
    const { r } = await cockpit();
    r.press('?');
    await r.waitForFrame('KEYS');
    r.press('escape');
    await r.waitForFrame((frame) => !frame.includes('KEYS') && frame.includes('RUNBOOK'));
  });

  test('at 80x24 help clips its last lines instead of drawing lines over each other', async () => {
    const { r } = await cockpit(incidentView(), { columns: 80, rows: 24 });
    r.press('?');
    const frame = await r.waitForFrame('KEYS');
    expect(frame).toContain('Enter     run the selected step (asks first if runbook or safety say so)');
    expect(frame).toContain('s         skip the selected step, with a reason ');
    expect(frame).toContain('Esc/? close');
  });

  test('at 80x24 every line of help can be reached: ↓/PgDn scroll it to the last key, the escalation and the links', async () => {
    const view = incidentView();
    const { r } = await cockpit({ ...view, incident: { ...view.incident, escalation: ['@commerce-oncall', '@payments-lead'], links: { dashboard: 'https://grafana.example/d/checkout' } } }, { columns: 80, rows: 24 });
    r.press('?');
    const first = await r.waitForFrame('KEYS');
    expect(first).toContain('↑↓/PgUp/PgDn scroll');
    expect(first).toMatch(/lines 1-\d+ of \d+ · ↓ more below/);
    expect(first).not.toContain('dashboard: https://grafana.example/d/checkout');
    for (let i = 0; i < 6; i++) r.press('pageDown');
    const last = await r.waitForFrame('dashboard: https://grafana.example/d/checkout');
    expect(last).toContain('Escalation: @commerce-oncall → @payments-lead');
    expect(last).toContain('q/Ctrl-C');
    r.press('up');
    await r.waitForFrame((frame) => frame.includes('KEYS') && !/lines 1-/.test(frame));
    r.press('escape');
    await r.waitForFrame((frame) => !frame.includes('KEYS') && frame.includes('RUNBOOK'));
  });

  test('at 80x24 a key\'s description too long for its row wraps under itself instead of ending in …', async () => {
    // A responder read "d  mark the selected step done (a check or an action not run: with a…" and never saw the rest.
    const { r } = await cockpit(incidentView(), { columns: 80, rows: 24 });
    r.press('?');
    const seen: string[] = [];
    let frame = await r.waitForFrame('KEYS');
    for (let page = 0; page < 8; page++) {
      seen.push(...lines(frame).filter((row) => row.startsWith('│ ')));
      if (!frame.includes('more below')) break;
      r.press('pageDown');
      const before = frame;
      frame = await r.waitForFrame((f) => f !== before);
    }
    const body = seen.map((row) => row.replace(/^│ |\s*│$/g, '').trimEnd());
    expect(body.some((row) => row.includes('…'))).toBe(false);
    const d = body.findIndex((row) => row.startsWith('d         mark the selected step done'));
    expect(body[d + 1]).toMatch(/^ {10}\S/);
    expect(`${body[d]} ${body[d + 1]!.trim()}`).toContain('mark the selected step done (a check or an action not run: with a reason)');
  });

  test('PgUp scrolls the timeline back, PgDn returns to the newest', async () => {
    const { r } = await cockpit();
    r.press('pageUp');
    await r.waitForFrame('newer below (PgDn, End to follow)');
    r.press('pageDown');
    await r.waitForFrame('newest at the bottom');
    // End from any depth: following the newest again.
    r.press('pageUp');
    r.press('pageUp');
    await r.waitForFrame('newer below (PgDn, End to follow)');
    r.press('end');
    await r.waitForFrame('newest at the bottom');
  });

  test('new views from the session redraw; one failing provider blanks no other panel', async () => {
    const { controller, r } = await cockpit();
    controller.push(withProviderError());
    const frame = await r.waitForFrame('ECONNREFUSED');
    expect(frame).toContain('● current');
    expect(frame).toContain('▲ BURNING availability');
    expect(frame).toContain('checkout.new-pricing');
  });

  test.each([['q'], ['\u0003']])('%j dispatches quit, then exits and unsubscribes', async (key) => {
    const { controller, r } = await cockpit();
    expect(controller.subscribers).toBeGreaterThan(0);
    const exited = r.waitUntilExit();
    r.press(key);
    await exited;
    expect(controller.dispatched).toEqual([{ type: 'quit' }]);
    expect(controller.subscribers).toBe(0);
  });

  test('Ctrl-C with a note half typed asks first: Esc goes back to the note as typed, Ctrl-C again quits', async () => {
    const { controller, r } = await cockpit();
    r.press('n');
    await r.waitForFrame('ADD A NOTE');
    r.press('db failover at 03:1');
    await r.waitForFrame('> db failover at 03:1▌');
    r.press('\u0003');
    const asked = await r.waitForFrame('QUIT WITHOUT RECORDING WHAT YOU TYPED?');
    expect(asked).toContain('The note is not on the timeline: quitting now drops it.');
    expect(asked).toContain('"db failover at 03:1"');
    expect(controller.dispatched).toEqual([]);
    r.press('\u001b');
    await r.waitForFrame('> db failover at 03:1▌');
    r.press('0');
    r.press('\r');
    await r.waitForFrame((frame) => !frame.includes('ADD A NOTE'));
    expect(controller.dispatched).toEqual([{ type: 'note', text: 'db failover at 03:10' }]);
    r.press('n');
    await r.waitForFrame('ADD A NOTE');
    r.press('unsent');
    r.press('\u0003');
    await r.waitForFrame('QUIT WITHOUT RECORDING');
    const exited = r.waitUntilExit();
    r.press('\u0003');
    await exited;
    expect(controller.dispatched).toEqual([{ type: 'note', text: 'db failover at 03:10' }, { type: 'quit' }]);
  });

  // A full disk: a note typed then was gone with its dialog, and the line said `note failed: Error: writing the timeline …`.
  test('a note the timeline could not take keeps its words, in its dialog again, and says why without "Error:"', async () => {
    const { controller, r } = await cockpit();
    controller.respond = (intent) => {
      if (intent.type === 'note') throw new Error('writing the timeline of inc-1 failed: disk full (ENOSPC)');
      return { ok: true };
    };
    r.press('n');
    await r.waitForFrame('ADD A NOTE');
    r.press('db failover at 03:10');
    r.press('\r');
    const again = await r.waitForFrame('note failed: writing the timeline');
    expect(again).toContain('> db failover at 03:10▌');
    expect(again).toContain('note failed: writing the timeline of inc-1 failed: disk full (ENOSPC)');
    expect(again).not.toContain('Error: writing');
  });

  test('Ctrl-C in an empty dialog quits at once', async () => {
    const { controller, r } = await cockpit();
    r.press('n');
    await r.waitForFrame('ADD A NOTE');
    const exited = r.waitUntilExit();
    r.press('\u0003');
    await exited;
    expect(controller.dispatched).toEqual([{ type: 'quit' }]);
  });

  test('a read-only watch refuses the keys that record before any dialog asks for words, and its footer leaves them out', async () => {
    // A watcher typed a skip reason and a note, and lost both to `✖ this incident is open read-only`.
    const base = incidentView();
    const { controller, r } = await cockpit({ ...base, incident: { ...base.incident, readOnly: true } });
    const footer = r.frame().trimEnd().split('\n').at(-1)!;
    expect(footer).not.toMatch(/Enter run|s skip|n note|m mitigated/);
    expect(footer).toContain('q quit');
    for (const key of ['n', 's', 'c', 'm', 'u']) {
      r.press(key);
      const frame = await r.waitForFrame('Read-only: this cockpit watches, and records nothing');
      expect(frame).not.toMatch(/ADD A NOTE|SKIP STEP|ASSIGN A ROLE|MARK THE INCIDENT|STATUS UPDATE/);
    }
    r.press('\r');
    await r.waitForFrame('Read-only');
    expect(controller.dispatched).toEqual([]);
  });

  // A watcher's `?` listed n, m, r, u, c, S, U and o as if usable; every one is refused.
  test('a read-only watch\'s help leaves out the keys that record, and says why', async () => {
    const base = incidentView();
    const { r } = await cockpit({ ...base, incident: { ...base.incident, readOnly: true } });
    r.press('?');
    const help = await r.waitForFrame('Read-only watch');
    expect(help).toContain('Read-only watch: the keys that record on the incident are left out');
    expect(help).not.toMatch(/add a note|mark the incident mitigated|undo the selected step|cancel a running action/);
    expect(help).toMatch(/quit/);
  });

  // A watcher's status line read `(+2 more)`, and no key showed the two.
  test('the notices a status line has no room for are in ? help, and the status line says so', async () => {
    const base = incidentView();
    const notices = ['provider deploys (ecs): no AWS credentials', 'provider slo (prometheus): cannot reach Prometheus', 'read-only: this cockpit watches (--read-only), and records nothing'];
    const { r } = await cockpit({ ...base, notices });
    expect(r.frame()).toContain('ℹ provider deploys (ecs): no AWS credentials  (+2 more: ? shows them)');
    r.press('?');
    const help = await r.waitForFrame('KEYS');
    for (const notice of notices) expect(help).toContain(`ℹ ${notice}`);
  });

  test('q inside a dialog is text, not quit', async () => {
    const { controller, r } = await cockpit();
    r.press('n');
    await r.waitForFrame('ADD A NOTE');
    r.press('q');
    await r.waitForFrame('> q▌');
    expect(controller.dispatched).toEqual([]);
  });
});
