// The saved wizard state: where the person was, every domain's choices and the dashboard.

import { call } from './call';
import type { PlanChoices } from './plan-types';
import type { DomainState, Session, StepId } from './session-types';

/** The domains, the one in progress and any notice about the saved progress. */
export function loadSession(): Promise<Session> {
  return call<Session>('load_session', {});
}

/** One domain's saved state; it becomes the current domain. */
export function openDomain(domain: string): Promise<DomainState> {
  return call<DomainState>('open_domain', { domain });
}

/** Remember which step the person is on, so reopening the app returns there. */
export function saveStep(domain: string, step: StepId): Promise<void> {
  return call<void>('save_step', { domain, step });
}

/** Keep the choices made so far (senders, DKIM, DMARC, extras). */
export function saveChoices(domain: string, choices: PlanChoices): Promise<void> {
  return call<void>('save_choices', { domain, choices });
}

/** No domain in progress: reopening the app starts on the Domain step. */
export function leaveDomain(): Promise<void> {
  return call<void>('leave_domain', {});
}
