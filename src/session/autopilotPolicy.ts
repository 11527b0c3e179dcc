import type { ConfirmationRequest } from './actionLifecycle';
import type { Answer } from './confirmations';

/**
 * The autopilot (`cockpit drill --autopilot`): a responder who follows the runbook's steps in
 * order and answers every confirmation yes, except a safety block's override.
 */
export function autopilotAnswer(request: ConfirmationRequest): Answer {
  if (request.gate.kind === 'typed' && request.gate.override) {
    return { confirmed: false, reason: `autopilot never overrides a safety block (${request.gate.reason})` };
  }
  return { confirmed: true, typed: request.gate.kind === 'typed' };
}
