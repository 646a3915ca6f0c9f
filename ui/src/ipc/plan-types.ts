// Shapes of the plan commands: PlanChoices in, Plan out (docs/PLAN_JSON.md). Helper A fills these in.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PlanChoices = Record<string, unknown>;
export type Plan = Record<string, unknown>;
