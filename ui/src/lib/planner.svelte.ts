// The plan builder shared by the SPF, DKIM, DMARC and Extras steps: asks the core for the plan of
// the current domain's choices, debounced, and keeps only the newest answer (an older reply that
// arrives late never overwrites a newer plan). Its state drives the steps' progress and errors.

import { buildPlan, toIpcError, type IpcError, type Plan, type PlanChoices } from '../ipc';
import { wizard } from './wizard.svelte';

/** How long to wait after a change before asking the core (typing, several clicks). */
export const REBUILD_DELAY_MS = 300;

export class Planner {
  /** True while the core is building the newest plan. */
  busy = $state(false);
  /** Why the newest build failed (a coded IpcError), or null. */
  error = $state<IpcError | null>(null);

  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** The choices (as JSON, with the domain) the plan on screen was built from. */
  #builtFrom: string | null = null;

  #key(domain: string, choices: PlanChoices): string {
    return JSON.stringify([domain, choices]);
  }

  /** True when the current plan was not built from the current choices in this session. */
  get stale(): boolean {
    const c = wizard.current;
    if (!c) return false;
    return c.plan === null || this.#builtFrom !== this.#key(c.domain, $state.snapshot(c.choices) as PlanChoices);
  }

  /** Build now if the plan on screen does not match the choices. */
  ensure(): void {
    if (this.stale && this.#timer === null) void this.build();
  }

  /** Build after a short pause; a further change within the pause restarts it. */
  schedule(delayMs = REBUILD_DELAY_MS): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.busy = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.build();
    }, delayMs);
  }

  /** Build the plan for the current choices; resolves to it, or null when failed or superseded. */
  async build(choices?: PlanChoices): Promise<Plan | null> {
    const c = wizard.current;
    if (!c) return null;
    const domain = c.domain;
    const wanted = choices ?? ($state.snapshot(c.choices) as PlanChoices);
    const id = ++this.#seq;
    this.busy = true;
    this.error = null;
    try {
      const plan = await buildPlan(domain, wanted);
      if (id !== this.#seq || wizard.current?.domain !== domain) return null;
      wizard.setPlan(plan);
      this.#builtFrom = this.#key(domain, wanted);
      return plan;
    } catch (raw) {
      if (id !== this.#seq) return null;
      this.error = toIpcError(raw);
      return null;
    } finally {
      if (id === this.#seq) this.busy = false;
    }
  }

  /** Forget everything (another domain, or a test starting afresh). */
  reset(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#seq++;
    this.#builtFrom = null;
    this.busy = false;
    this.error = null;
  }
}

/** The one planner of the app. */
export const planner = new Planner();
