/**
 * The small intermediate form every language front end lowers its syntax tree into. One interpreter
 * (interp.ts) runs over it, so sources, sinks, data flow and reachability are written once for
 * Python, JS/TS and shell. It keeps only what data flow needs: bindings, calls, string building,
 * containers, functions, imports and control structure (branches are merged, loops run twice).
 */

export interface Loc {
  line: number;
  col: number;
}

export type Expr =
  | { k: 'str'; v: string }
  /** Numbers, booleans, null: constant, never tainted. */
  | { k: 'lit'; b?: boolean }
  | { k: 'name'; n: string; loc?: Loc }
  /** `o.p` (sub false) or `o[key]` (sub true); `p` null when the key is not a constant. */
  | { k: 'member'; o: Expr; p: string | null; sub: boolean; loc?: Loc }
  | { k: 'call'; f: Expr; args: Expr[]; kw: Array<{ name: string; v: Expr }>; loc: Loc; isNew?: boolean }
  /** String building in order: `+`, templates, f-strings, `%`, `.format`, path joins. */
  | { k: 'concat'; parts: Expr[]; sep?: string }
  /** Object/dict literal; `key` null for spreads and computed keys. */
  | { k: 'obj'; props: Array<{ key: string | null; v: Expr }> }
  | { k: 'arr'; items: Expr[] }
  | { k: 'fn'; fn: FnIR }
  /** Anything else that mixes its operands (ternaries, `or`, comparisons, comprehensions). */
  | { k: 'union'; parts: Expr[] }
  /** A source-level marker the front end recognised (`__file__`, `__dirname`, `import.meta.url`). */
  | { k: 'skilldir' }
  | { k: 'unknown' };

export type Target =
  | { k: 'name'; n: string }
  | { k: 'member'; o: Expr; p: string | null }
  /** Tuple/array/object destructuring: `key` is the property or index; null for rest/unknown. */
  | { k: 'destructure'; items: Array<{ key: string | null; t: Target }> }
  | { k: 'none' };

export interface ImportName {
  /** The imported name; `*` binds the whole module; `default` the default export. */
  name: string;
  as: string;
}

export type Stmt =
  | { k: 'assign'; t: Target; v: Expr; loc: Loc; augment?: boolean }
  | { k: 'expr'; e: Expr; loc: Loc }
  | { k: 'return'; e: Expr | null; loc: Loc }
  | { k: 'def'; name: string; fn: FnIR }
  | { k: 'class'; name: string; bases: Expr[]; methods: FnIR[]; body: Stmt[]; loc: Loc; exported: boolean; decorated: boolean }
  | { k: 'import'; module: string; names: ImportName[]; loc: Loc }
  /** Alternatives: each body may run. `dead` marks bodies that can never run (`if False:`). `main`: `if __name__ == "__main__"`. */
  | { k: 'branch'; test: Expr | null; bodies: Stmt[][]; loc: Loc; dead?: boolean[]; main?: boolean }
  | { k: 'loop'; t: Target; iter: Expr | null; body: Stmt[]; loc: Loc }
  | { k: 'with'; items: Array<{ e: Expr; t: Target }>; body: Stmt[]; loc: Loc }
  /** Names exported by a JS module (`export {a as b}`, `module.exports = …` is an assign). */
  | { k: 'export'; names: Array<{ local: string; as: string }>; from?: string; loc: Loc }
  /** The function ends here (return/raise/throw); the rest of the block is dead. */
  | { k: 'stop'; loc: Loc };

export interface Param {
  name: string;
  /** Destructuring pattern of the parameter, when it has one. */
  pattern?: Target;
  rest?: boolean;
  default?: Expr;
}

export interface FnIR {
  /** Unique within the file: qualified name plus line (`Client.send@12`). */
  id: string;
  name: string;
  params: Param[];
  body: Stmt[];
  loc: Loc;
  decorated: boolean;
  exported: boolean;
  /** Set for methods: the class name. */
  className?: string;
}

/** What a front end hands to the interpreter for one file. */
export interface LoweredFile {
  body: Stmt[];
  parsed: 'full' | 'partial' | 'failed';
  reason: string | null;
  parser: string;
}
