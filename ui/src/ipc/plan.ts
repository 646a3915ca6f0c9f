// The plan commands: the catalogs, building the plan from the choices, and the exports (Rust shows
// the save dialog and writes the file; null means the person cancelled it).

import { call } from './call';
import type { ExportFormat, Plan, PlanChoices, Provider, Registrar } from './plan-types';

/** Every sending service Sendwell knows, in catalog order. */
export function listProviders(): Promise<Provider[]> {
  return call<Provider[]>('list_providers', {});
}

/** Every DNS panel Sendwell can format the records for. */
export function listRegistrars(): Promise<Registrar[]> {
  return call<Registrar[]>('list_registrars', {});
}

/** The records to publish for these choices (the core saves the choices and the plan). */
export function buildPlan(domain: string, choices: PlanChoices): Promise<Plan> {
  return call<Plan>('build_plan', { domain, choices });
}

/** Save the plan as a file; resolves to the path written, or null when cancelled. */
export function exportPlan(domain: string, format: ExportFormat): Promise<string | null> {
  return call<string | null>('export_plan', { domain, format });
}

/** Save a DKIM private key made here as a PEM file; the path written, or null when cancelled. */
export function exportDkimKey(domain: string, selector: string): Promise<string | null> {
  return call<string | null>('export_dkim_key', { domain, selector });
}

/** Open the DNS panel's page in the browser (Rust takes the address from its catalog). */
export function openDnsPage(registrar: string): Promise<void> {
  return call<void>('open_dns_page', { registrar });
}
