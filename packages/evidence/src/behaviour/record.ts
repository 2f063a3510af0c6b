/**
 * The recorder: events (deduplicated by place and kind), flows (one per source and sink), hosts, and
 * the call edges reachability is computed from. Keys are internal; public ids are given at the end.
 */
import type { BehaviourCategory, BehaviourEventKind, FlowPosition, PathLocation } from '@sigma/core';
import type { Step, Taint } from './values.js';

export interface EventMore {
  host?: string | null;
  path?: string | null;
  location?: PathLocation | null;
  command?: string | null;
  name?: string | null;
  /** Process sinks: the command line is read by a shell (a string, not an argument list). */
  shell?: boolean | null;
}

export interface RawEvent extends Required<EventMore> {
  key: string;
  kind: BehaviourEventKind;
  category: BehaviourCategory;
  detail: string;
  api: string;
  file: string;
  line: number;
  col: number;
  unit: string;
  dead: boolean;
}

export interface RawFlow {
  src: string;
  sink: string;
  steps: Step[];
  positions: Set<FlowPosition>;
  enc: boolean;
  host: string | null;
  /** The data rode in an HTTP Basic `Authorization` value (base64 there is the protocol, not obfuscation). */
  basic: boolean;
}

export interface RawHost {
  host: string;
  file: string;
  line: number;
  sink: string;
  via: 'literal' | 'constant' | 'call-site' | 'command';
}

export type EdgeHow = 'called' | 'assumed';

export class Recorder {
  readonly events = new Map<string, RawEvent>();
  readonly flows = new Map<string, RawFlow>();
  readonly hosts = new Map<string, RawHost>();
  readonly edges = new Map<string, Map<string, EdgeHow>>();
  readonly notes = new Set<string>();

  event(e: Omit<RawEvent, 'key' | keyof EventMore> & EventMore): RawEvent {
    const key = `${e.file}:${e.line}:${e.col}:${e.kind}:${e.category}:${e.api}:${e.name ?? ''}:${e.path ?? ''}`;
    const have = this.events.get(key);
    if (have) {
      // The same place seen again (a loop body, a second pass): alive wins over dead.
      if (!e.dead) have.dead = false;
      return have;
    }
    const ev: RawEvent = {
      host: null,
      path: null,
      location: null,
      command: null,
      name: null,
      shell: null,
      ...e,
      key,
    };
    this.events.set(key, ev);
    return ev;
  }

  flow(t: Taint, sink: RawEvent, pos: FlowPosition, extraSteps: Step[], host: string | null, basic = false): void {
    const key = `${t.src}->${sink.key}`;
    const have = this.flows.get(key);
    const end: Step = { file: sink.file, line: sink.line, note: sink.detail };
    if (have) {
      have.positions.add(pos);
      have.enc ||= t.enc;
      have.host ??= host;
      have.basic &&= basic;
      return;
    }
    this.flows.set(key, { src: t.src, sink: sink.key, steps: [...t.steps, ...extraSteps, end], positions: new Set([pos]), enc: t.enc, host, basic });
  }

  host(h: RawHost): void {
    const key = `${h.host}|${h.file}|${h.line}|${h.sink}`;
    if (!this.hosts.has(key)) this.hosts.set(key, h);
  }

  edge(from: string, to: string, how: EdgeHow): void {
    let m = this.edges.get(from);
    if (!m) this.edges.set(from, (m = new Map()));
    if (m.get(to) !== 'called') m.set(to, how);
  }
}
