/**
 * JavaScript/TypeScript front end: the TypeScript compiler's parser (`ts.createSourceFile`, no type
 * checking, no program) lowered into the IR. It reads JS, JSX, MJS/CJS and TS/TSX, never throws on
 * bad input, and reports its syntax errors; a file with errors is `partial`.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import type { Expr, FnIR, Loc, LoweredFile, Param, Stmt, Target } from './ir.js';
import { isAssignOp, lowerJsExpr } from './js-expr.js';
import type { JsLower as JsLowerApi } from './js-expr.js';

let cached: typeof TS | null = null;
/** Loaded on first use: the compiler is large, and skills without JS/TS never pay for it. */
export function typescript(): typeof TS {
  cached ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return cached;
}

export class JsLower implements JsLowerApi {
  pre: Stmt[] = [];
  constructor(
    readonly ts: typeof TS,
    readonly sf: TS.SourceFile,
  ) {}

  loc(n: TS.Node): Loc {
    const p = this.sf.getLineAndCharacterOfPosition(n.getStart(this.sf));
    return { line: p.line + 1, col: p.character };
  }

  block(stmts: readonly TS.Statement[], qual: string): Stmt[] {
    const out: Stmt[] = [];
    for (const s of stmts) {
      const lowered = this.stmt(s, qual);
      out.push(...this.pre, ...lowered);
      this.pre = [];
    }
    return out;
  }

  private exported(n: TS.Node): { exported: boolean; isDefault: boolean } {
    const ts = this.ts;
    const mods = ts.canHaveModifiers(n) ? (ts.getModifiers(n) ?? []) : [];
    return { exported: mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword), isDefault: mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) };
  }

  private decorated(n: TS.Node): boolean {
    const ts = this.ts;
    return ts.canHaveDecorators(n) && (ts.getDecorators(n)?.length ?? 0) > 0;
  }

  stmt(s: TS.Statement, qual: string): Stmt[] {
    const ts = this.ts;
    const loc = this.loc(s);
    const sub = (n: TS.Statement | undefined): Stmt[] => (n ? (ts.isBlock(n) ? this.block(n.statements, qual) : this.stmt(n, qual)) : []);
    if (ts.isVariableStatement(s)) {
      const { exported } = this.exported(s);
      const out: Stmt[] = [];
      for (const d of s.declarationList.declarations) {
        const t = this.binding(d.name);
        out.push({ k: 'assign', t, v: d.initializer ? this.expr(d.initializer) : { k: 'unknown' }, loc });
        if (exported) out.push({ k: 'export', names: this.boundNames(d.name).map((n) => ({ local: n, as: n })), loc });
      }
      return out;
    }
    if (ts.isExpressionStatement(s)) {
      const e = s.expression;
      if (ts.isBinaryExpression(e) && isAssignOp(ts, e.operatorToken.kind)) return [this.assignment(e, loc)];
      return [{ k: 'expr', e: this.expr(e), loc }];
    }
    if (ts.isReturnStatement(s)) return [{ k: 'return', e: s.expression ? this.expr(s.expression) : null, loc }];
    if (ts.isThrowStatement(s))
      return [
        { k: 'expr', e: this.expr(s.expression), loc },
        { k: 'stop', loc },
      ];
    if (ts.isFunctionDeclaration(s)) {
      const { exported, isDefault } = this.exported(s);
      const name = s.name?.text ?? 'default';
      const fn = this.fn(s, name, qual, exported, this.decorated(s));
      const out: Stmt[] = [{ k: 'def', name, fn }];
      if (isDefault) out.push({ k: 'export', names: [{ local: name, as: 'default' }], loc });
      return out;
    }
    if (ts.isClassDeclaration(s)) {
      const { exported, isDefault } = this.exported(s);
      const name = s.name?.text ?? 'default';
      const out: Stmt[] = [this.cls(s, name, qual, exported)];
      if (isDefault) out.push({ k: 'export', names: [{ local: name, as: 'default' }], loc });
      return out;
    }
    if (ts.isIfStatement(s)) {
      const cond = s.expression.getText(this.sf).replace(/\s+/g, '');
      if (/^require\.main===?module$|^module===?require\.main$|^import\.meta\.url===?|^import\.meta\.main$/.test(cond))
        return [{ k: 'branch', test: null, bodies: [sub(s.thenStatement)], loc, main: true }];
      const never = cond === 'false' || cond === '0' || cond === 'null' || cond === 'undefined';
      return [{ k: 'branch', test: this.expr(s.expression), bodies: [sub(s.thenStatement), sub(s.elseStatement)], loc, dead: [never, false] }];
    }
    if (ts.isForOfStatement(s) || ts.isForInStatement(s)) {
      const init = s.initializer;
      const t: Target = ts.isVariableDeclarationList(init) ? this.binding(init.declarations[0]!.name) : this.target(init);
      return [{ k: 'loop', t, iter: this.expr(s.expression), body: sub(s.statement), loc }];
    }
    if (ts.isForStatement(s) || ts.isWhileStatement(s) || ts.isDoStatement(s)) {
      const pre: Stmt[] = [];
      if (ts.isForStatement(s) && s.initializer && ts.isVariableDeclarationList(s.initializer))
        for (const d of s.initializer.declarations)
          pre.push({ k: 'assign', t: this.binding(d.name), v: d.initializer ? this.expr(d.initializer) : { k: 'unknown' }, loc });
      return [...pre, { k: 'loop', t: { k: 'none' }, iter: null, body: sub(s.statement), loc }];
    }
    if (ts.isBlock(s)) return this.block(s.statements, qual);
    if (ts.isTryStatement(s)) {
      const bodies = [this.block(s.tryBlock.statements, qual)];
      if (s.catchClause) bodies.push(this.block(s.catchClause.block.statements, qual));
      const fin = s.finallyBlock ? this.block(s.finallyBlock.statements, qual) : [];
      return [{ k: 'branch', test: null, bodies, loc }, ...fin];
    }
    if (ts.isSwitchStatement(s))
      return [{ k: 'branch', test: this.expr(s.expression), bodies: s.caseBlock.clauses.map((c) => this.block(c.statements, qual)), loc }];
    if (ts.isLabeledStatement(s)) return sub(s.statement);
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const module = s.moduleSpecifier.text;
      const c = s.importClause;
      const names: Array<{ name: string; as: string }> = [];
      if (c?.name) names.push({ name: 'default', as: c.name.text });
      const nb = c?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) names.push({ name: '*', as: nb.name.text });
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) names.push({ name: (el.propertyName ?? el.name).text, as: el.name.text });
      return [{ k: 'import', module, names, loc }];
    }
    if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) && ts.isStringLiteral(s.moduleReference.expression))
      return [{ k: 'import', module: s.moduleReference.expression.text, names: [{ name: '*', as: s.name.text }], loc }];
    if (ts.isExportDeclaration(s)) {
      const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      const names =
        s.exportClause && ts.isNamedExports(s.exportClause)
          ? s.exportClause.elements.map((el) => ({ local: (el.propertyName ?? el.name).text, as: el.name.text }))
          : s.exportClause && ts.isNamespaceExport(s.exportClause)
            ? [{ local: '*', as: s.exportClause.name.text }]
            : [];
      return [{ k: 'export', names, ...(from !== undefined ? { from } : {}), loc }];
    }
    if (ts.isExportAssignment(s))
      return [
        { k: 'assign', t: { k: 'name', n: '__default__' }, v: this.expr(s.expression), loc },
        { k: 'export', names: [{ local: '__default__', as: 'default' }], loc },
      ];
    return [];
  }

  assignment(e: TS.BinaryExpression, loc: Loc): Stmt {
    const ts = this.ts;
    const augment = e.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
    return { k: 'assign', t: this.target(e.left), v: this.expr(e.right), loc, ...(augment ? { augment: true } : {}) };
  }

  fn(
    n: TS.SignatureDeclaration & { body?: TS.ConciseBody | undefined },
    name: string,
    qual: string,
    exported: boolean,
    decorated: boolean,
    className?: string,
  ): FnIR {
    const ts = this.ts;
    const loc = this.loc(n);
    const id = `${qual ? `${qual}.` : ''}${name}@${loc.line}:${loc.col}`;
    const params: Param[] = n.parameters.map((p, i) => {
      const pname = ts.isIdentifier(p.name) ? p.name.text : `$p${i}`;
      return {
        name: pname,
        ...(ts.isIdentifier(p.name) ? {} : { pattern: this.binding(p.name) }),
        ...(p.dotDotDotToken ? { rest: true } : {}),
        ...(p.initializer ? { default: this.expr(p.initializer) } : {}),
      };
    });
    const saved = this.pre;
    this.pre = [];
    const body = !n.body ? [] : ts.isBlock(n.body) ? this.block(n.body.statements, id) : [{ k: 'return' as const, e: this.expr(n.body), loc }];
    const out: FnIR = { id, name, params, body: [...this.pre, ...body], loc, decorated, exported, ...(className ? { className } : {}) };
    this.pre = saved;
    return out;
  }

  cls(n: TS.ClassLikeDeclaration, name: string, qual: string, exported: boolean): Stmt & { k: 'class' } {
    const ts = this.ts;
    const methods: FnIR[] = [];
    const body: Stmt[] = [];
    const q = `${qual ? `${qual}.` : ''}${name}`;
    for (const m of n.members) {
      if (ts.isConstructorDeclaration(m)) methods.push(this.fn(m, 'constructor', q, false, false, name));
      else if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)))
        methods.push(this.fn(m, m.name.text, q, false, this.decorated(m), name));
      else if (ts.isPropertyDeclaration(m) && m.initializer && ts.isIdentifier(m.name))
        body.push({ k: 'assign', t: { k: 'name', n: m.name.text }, v: this.expr(m.initializer), loc: this.loc(m) });
    }
    const heritage = n.heritageClauses?.flatMap((h) => h.types.map((t) => this.expr(t.expression))) ?? [];
    return { k: 'class', name, bases: heritage, methods, body, loc: this.loc(n), exported, decorated: this.decorated(n) };
  }

  binding(n: TS.BindingName): Target {
    const ts = this.ts;
    if (ts.isIdentifier(n)) return { k: 'name', n: n.text };
    if (ts.isObjectBindingPattern(n))
      return {
        k: 'destructure',
        items: n.elements.map((el) => {
          const key = el.dotDotDotToken
            ? null
            : el.propertyName
              ? ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)
                ? el.propertyName.text
                : null
              : ts.isIdentifier(el.name)
                ? el.name.text
                : null;
          return { key, t: this.binding(el.name) };
        }),
      };
    return {
      k: 'destructure',
      items: n.elements.flatMap((el, i) => (ts.isOmittedExpression(el) ? [] : [{ key: el.dotDotDotToken ? null : String(i), t: this.binding(el.name) }])),
    };
  }

  boundNames(n: TS.BindingName): string[] {
    const ts = this.ts;
    if (ts.isIdentifier(n)) return [n.text];
    return n.elements.flatMap((el) => (ts.isOmittedExpression(el) ? [] : this.boundNames(el.name)));
  }

  target(n: TS.Expression | TS.ForInitializer): Target {
    const ts = this.ts;
    if (ts.isIdentifier(n)) return { k: 'name', n: n.text };
    if (ts.isPropertyAccessExpression(n)) return { k: 'member', o: this.expr(n.expression), p: n.name.text };
    if (ts.isElementAccessExpression(n)) {
      const a = n.argumentExpression;
      return { k: 'member', o: this.expr(n.expression), p: ts.isStringLiteralLike(a) || ts.isNumericLiteral(a) ? a.text : null };
    }
    if (ts.isParenthesizedExpression(n)) return this.target(n.expression);
    if (ts.isObjectLiteralExpression(n))
      return {
        k: 'destructure',
        items: n.properties.flatMap((p) => (ts.isShorthandPropertyAssignment(p) ? [{ key: p.name.text, t: { k: 'name' as const, n: p.name.text } }] : [])),
      };
    if (ts.isArrayLiteralExpression(n)) return { k: 'destructure', items: n.elements.map((el, i) => ({ key: String(i), t: this.target(el) })) };
    return { k: 'none' };
  }

  expr(n: TS.Expression): Expr {
    return lowerJsExpr(this, n);
  }
}

export function lowerJs(src: string, path: string): LoweredFile {
  const ts = typescript();
  const ext = /\.[^.]+$/.exec(path)?.[0]?.toLowerCase() ?? '.js';
  const kind =
    ext === '.ts' || ext === '.mts' || ext === '.cts'
      ? ts.ScriptKind.TS
      : ext === '.tsx'
        ? ts.ScriptKind.TSX
        : ext === '.jsx'
          ? ts.ScriptKind.JSX
          : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(path, src, ts.ScriptTarget.Latest, true, kind);
  const diags = (sf as unknown as { parseDiagnostics?: TS.Diagnostic[] }).parseDiagnostics ?? [];
  const l = new JsLower(ts, sf);
  const body = l.block(sf.statements, '');
  const first = diags[0];
  const reason = first
    ? `syntax error at line ${sf.getLineAndCharacterOfPosition(first.start ?? 0).line + 1} (${ts.flattenDiagnosticMessageText(first.messageText, ' ')}); the parser recovered and the rest was analysed`
    : null;
  return { body, parsed: first ? 'partial' : 'full', reason, parser: `typescript ${ts.version}` };
}
