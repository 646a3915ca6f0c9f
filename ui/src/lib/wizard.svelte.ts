// The wizard's state: which domain and step the person is on, and that domain's saved choices and
// plan. Every change is saved through the IPC door at once, so closing the app at any step and
// reopening it returns to the same place. Components read `wizard` and call its methods; they
// never talk to the store directly.

import {
  leaveDomain,
  loadSession,
  openDomain,
  saveChoices,
  saveStep,
  toIpcError,
  type DomainState,
  type IpcError,
  type MailboxEntry,
  type Plan,
  type PlanChoices,
  type Session,
  type StepId,
} from '../ipc';
import { normalizeChoices } from './choices';
import { STEP_ORDER } from './steps';

export class Wizard {
  /** The saved session (domains for the dashboard, the notice about the store). */
  session = $state<Session | null>(null);
  /** The current domain's saved state, or null before a domain is chosen. */
  current = $state<DomainState | null>(null);
  /** The step on screen. */
  step = $state<StepId>('domain');
  /** True until the saved session has been read. */
  loading = $state(true);
  /** A problem saving or reading progress (shown by the shell; the work on screen is kept). */
  error = $state<IpcError | null>(null);

  /** Read the saved session and return to the domain and step the person left. */
  async start(): Promise<void> {
    this.loading = true;
    try {
      this.session = await loadSession();
      const domain = this.session.current;
      if (domain) {
        this.current = await openDomain(domain);
        this.step = this.current.step;
      }
    } catch (raw) {
      this.error = toIpcError(raw);
    } finally {
      this.loading = false;
    }
  }

  /** Make `domain` (just checked on the Domain step, or picked on the dashboard) the current one. */
  async open(domain: string, step?: StepId): Promise<void> {
    try {
      this.current = await openDomain(domain);
      await this.goto(step ?? this.current.step);
    } catch (raw) {
      this.error = toIpcError(raw);
    }
  }

  /** Show `step` and remember it for the current domain. */
  async goto(step: StepId): Promise<void> {
    this.step = step;
    const c = this.current;
    if (!c) return;
    c.step = step;
    try {
      await saveStep(c.domain, step);
    } catch (raw) {
      this.error = toIpcError(raw);
    }
  }

  /** The step after the current one, or null on the last. */
  get nextStep(): StepId | null {
    const i = STEP_ORDER.indexOf(this.step);
    return STEP_ORDER[i + 1] ?? null;
  }

  /** The step before the current one, or null on the first. */
  get previousStep(): StepId | null {
    const i = STEP_ORDER.indexOf(this.step);
    return i > 0 ? (STEP_ORDER[i - 1] ?? null) : null;
  }

  async next(): Promise<void> {
    const s = this.nextStep;
    if (s) await this.goto(s);
  }

  async back(): Promise<void> {
    const s = this.previousStep;
    if (s) await this.goto(s);
  }

  /** Replace the current domain's choices and save them. */
  async setChoices(choices: PlanChoices): Promise<void> {
    const c = this.current;
    if (!c) return;
    c.choices = choices;
    try {
      await saveChoices(c.domain, choices);
    } catch (raw) {
      this.error = toIpcError(raw);
    }
  }

  /**
   * Change the current domain's choices in place of a copy and save the copy (helper A). The
   * callback gets a plain object with every field present, so it can assign nested fields.
   */
  async updateChoices(change: (choices: PlanChoices) => void): Promise<void> {
    const c = this.current;
    if (!c) return;
    const next = normalizeChoices($state.snapshot(c.choices) as PlanChoices);
    change(next);
    await this.setChoices(next);
  }

  /** The shell's "Dismiss" on the error callout. */
  dismissError(): void {
    this.error = null;
  }

  /** Keep the plan the core just built (build_plan has already saved it). */
  setPlan(plan: Plan): void {
    if (this.current) this.current.plan = plan;
  }

  /** Re-read the dashboard rows (after a check, a watch or a mailbox result). */
  async refreshSession(): Promise<void> {
    try {
      this.session = await loadSession();
    } catch (raw) {
      this.error = toIpcError(raw);
    }
  }

  // Helper B (Mailboxes, Done): additive.

  /** Show a mailbox check_mailbox has just saved (replacing the entry for the same address). */
  keepMailbox(entry: MailboxEntry): void {
    const c = this.current;
    if (!c) return;
    const i = c.mailboxes.findIndex((m) => m.address === entry.address);
    if (i >= 0) c.mailboxes[i] = entry;
    else c.mailboxes.push(entry);
  }

  /** Drop a mailbox forget_mailbox has just removed. */
  dropMailbox(address: string): void {
    const c = this.current;
    if (c) c.mailboxes = c.mailboxes.filter((m) => m.address !== address);
  }

  /** Leave the current domain and go to the Domain step to set up another one. */
  async startNewDomain(): Promise<void> {
    this.current = null;
    await this.goto('domain');
    try {
      await leaveDomain();
    } catch (raw) {
      this.error = toIpcError(raw);
    }
  }
}

/** The one wizard of the app. */
export const wizard = new Wizard();
