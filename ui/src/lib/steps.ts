// The ten wizard steps in journey order (see DESIGN.md). Only steps marked available can be opened.

import type { PlainMessageKey } from '../i18n';

export type StepId =
  | 'domain'
  | 'senders'
  | 'spf'
  | 'dkim'
  | 'dmarc'
  | 'extras'
  | 'publish'
  | 'propagation'
  | 'mailboxes'
  | 'done';

export interface StepInfo {
  id: StepId;
  label: PlainMessageKey;
  available: boolean;
}

export const STEPS: readonly StepInfo[] = [
  { id: 'domain', label: 'steps.domain', available: true },
  { id: 'senders', label: 'steps.senders', available: false },
  { id: 'spf', label: 'steps.spf', available: false },
  { id: 'dkim', label: 'steps.dkim', available: false },
  { id: 'dmarc', label: 'steps.dmarc', available: false },
  { id: 'extras', label: 'steps.extras', available: false },
  { id: 'publish', label: 'steps.publish', available: false },
  { id: 'propagation', label: 'steps.propagation', available: false },
  { id: 'mailboxes', label: 'steps.mailboxes', available: false },
  { id: 'done', label: 'steps.done', available: false },
];
