/** Shared shapes of the interpreter: files, modules, function summaries and the frame code runs in. */
import type { BehaviourLang, FlowPosition } from '@sigma/core';
import type { Handler } from './effects.js';
import type { Expr, FnIR, Loc, LoweredFile } from './ir.js';
import type { RawEvent, Recorder } from './record.js';
import type { ClassValue, FnValue, Scope, Step, Val } from './values.js';

export interface FileUnit {
  path: string;
  lang: BehaviourLang;
  lines: string[];
  lowered: LoweredFile;
}

export interface ModuleState {
  unit: FileUnit;
  scope: Scope;
  exports: Map<string, Val>;
  /** `module.exports = …` */
  cjs: Val | null;
  done: boolean;
  /** Skill files this module imports. */
  imports: Set<string>;
}

/** A parameter of the function reaches a sink inside it (or inside what it calls). */
export interface ParamSink {
  param: number;
  sink: RawEvent;
  pos: FlowPosition;
  steps: Step[];
  enc: boolean;
}

/** A parameter of the function chooses the destination of a network sink inside it. */
export interface DestSink {
  param: number;
  sink: RawEvent;
  bare: boolean;
  /** A file sink whose whole path is the parameter: the call site's text names the file (`writes`, `deletes`). */
  verb?: string;
}

/** Adds a parameter sink once per (parameter, sink, position): loops and call chains would repeat it. */
export function addParamSink(sum: Summary | null, ps: ParamSink): void {
  if (!sum) return;
  const key = `${ps.param}\u0000${ps.sink.key}\u0000${ps.pos}`;
  const seen = (sum.seenSinks ??= new Set());
  if (seen.has(key)) return;
  seen.add(key);
  sum.paramSinks.push(ps);
}

export interface Summary {
  ret: Val;
  paramSinks: ParamSink[];
  seenSinks?: Set<string>;
  destSinks: DestSink[];
  /** Constructor field writes, with parameter labels, applied per construction site. */
  fieldWrites: Map<string, Val>;
  busy: boolean;
}

export interface Frame {
  prog: ProgramApi;
  mod: ModuleState;
  unit: string;
  scope: Scope;
  /** Code that can never run (after a return, inside `if False:`). */
  dead: boolean;
  /** Inside a branch or loop: assignments merge with what was there. */
  weak: number;
  sum: Summary | null;
  self: Val | null;
  cls: ClassValue | null;
  /** The statement being run (where value-level events without a place of their own are put). */
  cur?: Loc;
}

/**
 * The interpreter's mutually recursive entries. The program wires them once, so the expression,
 * call and statement evaluators (and the emitter) call one another without importing in a circle.
 */
export interface Evaluator {
  evalCall(f: Frame, e: Extract<Expr, { k: 'call' }>): Val;
  callFn(f: Frame, fnv: FnValue, args: Val[], kw: Map<string, Val>, loc: Loc, bound: Val | null): Val;
  bindFn(f: Frame, name: string, fn: FnIR): Val;
  dataOf(f: Frame, v: Val, loc: Loc): Val;
  memberOf(f: Frame, o: Val, p: string | null, sub: boolean, loc: Loc): Val;
}

export interface ProgramApi {
  /** Contents written to exact paths, by path. */
  readonly written: Map<string, Val>;
  rec: Recorder;
  readonly ev: Evaluator;
  loadModule(path: string): ModuleState | null;
  resolve(from: FileUnit, spec: string): string | null;
  summary(fnv: FnValue): Summary;
  /** Marks a function as called from outside with values the skill does not choose (before its summary). */
  expose(fnv: FnValue): void;
  registerFn(fnv: FnValue): string;
  unitOf(fnv: FnValue): string;
  methodsNamed(name: string): FnValue[];
  exportOf(path: string, name: string | null): Val;
  defaultOf(fnv: FnValue, i: number): Val | null;
  catalog(lang: BehaviourLang): Array<[RegExp, Handler]>;
}

export const topUnit = (file: string): string => `${file}#top`;
export const mainUnit = (file: string): string => `${file}#main`;
export const fnUnit = (file: string, id: string): string => `${file}#fn:${id}`;
