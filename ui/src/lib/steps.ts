// The ten wizard steps in journey order (see DESIGN.md).

import type { PlainMessageKey } from '../i18n';
import type { StepId } from '../ipc';

export type { StepId } from '../ipc';

export interface StepInfo {
  id: StepId;
  label: PlainMessageKey;
}

export const STEPS: readonly StepInfo[] = [
  { id: 'domain', label: 'steps.domain' },
  { id: 'senders', label: 'steps.senders' },
  { id: 'spf', label: 'steps.spf' },
  { id: 'dkim', label: 'steps.dkim' },
  { id: 'dmarc', label: 'steps.dmarc' },
  { id: 'extras', label: 'steps.extras' },
  { id: 'publish', label: 'steps.publish' },
  { id: 'propagation', label: 'steps.propagation' },
  { id: 'mailboxes', label: 'steps.mailboxes' },
  { id: 'done', label: 'steps.done' },
];

export const STEP_ORDER: readonly StepId[] = STEPS.map((s) => s.id);
