// Shapes of the watch stream: one WatchEvent per change, as the Rust core serializes them
// (crates/core/src/propagation/model.rs, serde tag "event"). Hand-written; change both sides together.

import type { RecordType } from './plan-types';

/** Which side of DNS a server is on: the domain's own name servers, or a public resolver. */
export type ServerRole = 'authoritative' | 'resolver';

/** A server the watch asks, as shown to the user. */
export interface ServerInfo {
  /** `ns1.example.com (192.0.2.1)`, `Google (8.8.8.8)`, `system resolver`. */
  label: string;
  /** `IP:PORT`, when it is one server (the system resolver may be several). */
  address: string | null;
  role: ServerRole;
}

/** The state of one record at one server. */
export type WatchState = 'waiting' | 'published' | 'live' | 'mismatch' | 'error';

/** Why a server could not be asked. */
export type WatchErrorKind = 'unreachable' | 'servfail' | 'refused' | 'failed';

/** What the watch knows about one record at one server. Optional fields are left out when empty. */
export interface PairStatus {
  state: WatchState;
  /** What was seen, in plain words. */
  detail: string;
  /** Stable id of the mistake (`watch.doubled_domain`, `watch.old_value`, …). */
  problem?: string;
  /** What to do about a mismatch, when the user can act. */
  fix?: string;
  error?: WatchErrorKind;
  /** When this resolver should show the record at the latest (Unix seconds). */
  eta_at?: number;
  /** When this state was first seen (Unix seconds). */
  since: number;
  /** When the server was last asked (Unix seconds). */
  checked: number;
}

/** One record at one server, as an event (`status` or `resumed`). */
export interface StatusEvent extends PairStatus {
  /** `TXT _dmarc.example.com`: the record's key. */
  record: string;
  /** The server's label. */
  server: string;
  role: ServerRole;
  /** Seconds from the event until the ETA (rounded up), when there is one. */
  eta: number | null;
  /** Seconds since the watch started. */
  elapsed: number;
}

/** Counts for one record, with a sentence such as "published on 1 of 2 name servers". */
export interface RecordProgress {
  record: string;
  type: RecordType;
  name: string;
  /** Name servers that serve it, of `authoritative` asked. */
  published: number;
  authoritative: number;
  /** Resolvers that return it, of `resolvers` asked. */
  live: number;
  resolvers: number;
  /** Resolvers left out of the goal because they could not be reached. */
  unreachable: number;
  /** The core's verdict: published on every answering name server and live at every reachable resolver. */
  done: boolean;
  summary: string;
}

/** How the watch ended. */
export type WatchOutcome = 'all_live' | 'timeout' | 'cancelled';

/** One record at one server in the final summary; only `server` and `role` when it never answered. */
export interface ServerStatus extends Partial<PairStatus> {
  server: string;
  role: ServerRole;
}

export interface RecordSummary extends RecordProgress {
  servers: ServerStatus[];
}

export interface ServerQueries {
  server: string;
  queries: number;
}

/** What a finished watch reports last. */
export interface WatchSummary {
  domain: string;
  outcome: WatchOutcome;
  /** Seconds the watch ran. */
  elapsed: number;
  queries: number;
  server_queries: ServerQueries[];
  records: RecordSummary[];
  /** True when no server ever answered (the network is down?). */
  nothing_answered: boolean;
  /** Why the progress could not be saved at the end, when it could not. */
  state_error?: string;
}

export type WatchEvent =
  | { event: 'started'; domain: string; records: string[]; servers: ServerInfo[] }
  | ({ event: 'resumed' } & StatusEvent)
  | ({ event: 'status' } & StatusEvent)
  | ({ event: 'record' } & RecordProgress)
  | { event: 'warning'; message: string }
  | ({ event: 'summary' } & WatchSummary);
