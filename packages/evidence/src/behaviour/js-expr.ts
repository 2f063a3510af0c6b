/** JS/TS expressions (TypeScript AST) to IR expressions. */
import type * as TS from 'typescript';
import type { Expr, FnIR, Loc, Stmt } from './ir.js';

/** What expression lowering needs from the statement lowerer (JsLower in js.ts). */
export interface JsLower {
  readonly ts: typeof TS;
  pre: Stmt[];
  loc(n: TS.Node): Loc;
  assignment(e: TS.BinaryExpression, loc: Loc): Stmt;
  fn(
    n: TS.SignatureDeclaration & { body?: TS.ConciseBody | undefined },
    name: string,
    qual: string,
    exported: boolean,
    decorated: boolean,
    className?: string,
  ): FnIR;
}

export function lowerJsExpr(l: JsLower, n: TS.Expression): Expr {
  const ts = l.ts;
  const loc = l.loc(n);
  const e = (x: TS.Expression): Expr => lowerJsExpr(l, x);
  if (ts.isIdentifier(n)) {
    if (n.text === '__dirname' || n.text === '__filename') return { k: 'skilldir' };
    if (n.text === 'undefined') return { k: 'lit' };
    return { k: 'name', n: n.text, loc };
  }
  if (ts.isStringLiteralLike(n)) return { k: 'str', v: n.text };
  if (ts.isNumericLiteral(n) || ts.isBigIntLiteral(n) || ts.isRegularExpressionLiteral(n) || n.kind === ts.SyntaxKind.NullKeyword) return { k: 'lit' };
  if (n.kind === ts.SyntaxKind.TrueKeyword) return { k: 'lit', b: true };
  if (n.kind === ts.SyntaxKind.FalseKeyword) return { k: 'lit', b: false };
  if (n.kind === ts.SyntaxKind.ThisKeyword) return { k: 'name', n: 'this', loc };
  if (ts.isTemplateExpression(n)) {
    const parts: Expr[] = [{ k: 'str', v: n.head.text }];
    for (const sp of n.templateSpans) parts.push(e(sp.expression), { k: 'str', v: sp.literal.text });
    return { k: 'concat', parts };
  }
  if (ts.isMetaProperty(n)) return { k: 'name', n: '__import_meta__', loc };
  if (ts.isPropertyAccessExpression(n)) {
    if (ts.isMetaProperty(n.expression) && n.name.text === 'url') return { k: 'skilldir' };
    if (ts.isMetaProperty(n.expression) && (n.name.text === 'dirname' || n.name.text === 'filename')) return { k: 'skilldir' };
    return { k: 'member', o: e(n.expression), p: n.name.text, sub: false, loc };
  }
  if (ts.isElementAccessExpression(n)) {
    const a = n.argumentExpression;
    const p = ts.isStringLiteralLike(a) || ts.isNumericLiteral(a) ? a.text : null;
    return { k: 'member', o: e(n.expression), p, sub: true, loc };
  }
  if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
    const args: Expr[] = (n.arguments ?? []).map((a) => (ts.isSpreadElement(a) ? e(a.expression) : e(a)));
    const callee: Expr = n.expression.kind === ts.SyntaxKind.ImportKeyword ? { k: 'name', n: 'import', loc } : e(n.expression);
    return { k: 'call', f: callee, args, kw: [], loc, ...(ts.isNewExpression(n) ? { isNew: true } : {}) };
  }
  if (ts.isTaggedTemplateExpression(n)) return { k: 'call', f: e(n.tag), args: [e(n.template)], kw: [], loc };
  if (ts.isBinaryExpression(n)) {
    const op = n.operatorToken.kind;
    if (isAssignOp(ts, op)) {
      l.pre.push(l.assignment(n, loc));
      return e(n.left);
    }
    if (op === ts.SyntaxKind.PlusToken) return { k: 'concat', parts: [e(n.left), e(n.right)] };
    if (
      op === ts.SyntaxKind.BarBarToken ||
      op === ts.SyntaxKind.QuestionQuestionToken ||
      op === ts.SyntaxKind.AmpersandAmpersandToken ||
      op === ts.SyntaxKind.CommaToken
    )
      return { k: 'union', parts: [e(n.left), e(n.right)] };
    if (op >= ts.SyntaxKind.FirstBinaryOperator && op <= ts.SyntaxKind.LastBinaryOperator && isComparison(ts, op)) return { k: 'lit' };
    return { k: 'union', parts: [e(n.left), e(n.right)] };
  }
  if (ts.isConditionalExpression(n)) return { k: 'union', parts: [e(n.whenTrue), e(n.whenFalse)] };
  if (
    ts.isParenthesizedExpression(n) ||
    ts.isAsExpression(n) ||
    ts.isNonNullExpression(n) ||
    ts.isAwaitExpression(n) ||
    ts.isTypeAssertionExpression(n) ||
    ts.isSatisfiesExpression(n)
  )
    return e(n.expression);
  if (ts.isObjectLiteralExpression(n)) {
    const props: Array<{ key: string | null; v: Expr }> = [];
    for (const p of n.properties) {
      if (ts.isPropertyAssignment(p)) props.push({ key: propName(ts, p.name), v: e(p.initializer) });
      else if (ts.isShorthandPropertyAssignment(p)) props.push({ key: p.name.text, v: { k: 'name', n: p.name.text, loc } });
      else if (ts.isSpreadAssignment(p)) props.push({ key: null, v: e(p.expression) });
      else if ((ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p)) && p.body) {
        const name = propName(ts, p.name) ?? 'method';
        props.push({ key: name, v: { k: 'fn', fn: l.fn(p, name, `obj@${loc.line}`, false, false) } });
      }
    }
    return { k: 'obj', props };
  }
  if (ts.isArrayLiteralExpression(n))
    return { k: 'arr', items: n.elements.map((x) => (ts.isSpreadElement(x) ? e(x.expression) : ts.isOmittedExpression(x) ? { k: 'lit' } : e(x))) };
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
    const name = ts.isFunctionExpression(n) && n.name ? n.name.text : 'arrow';
    return { k: 'fn', fn: l.fn(n, name, '', false, false) };
  }
  if (ts.isClassExpression(n)) return { k: 'unknown' };
  if (ts.isPrefixUnaryExpression(n)) return n.operator === ts.SyntaxKind.ExclamationToken ? { k: 'lit' } : { k: 'union', parts: [e(n.operand)] };
  if (ts.isPostfixUnaryExpression(n)) return { k: 'union', parts: [e(n.operand)] };
  if (ts.isTypeOfExpression(n) || ts.isVoidExpression(n) || ts.isDeleteExpression(n)) return { k: 'lit' };
  if (ts.isSpreadElement(n)) return e(n.expression);
  // JSX and anything else: every expression inside may flow into the result.
  const parts: Expr[] = [];
  const visit = (x: TS.Node): void => {
    x.forEachChild((c) => {
      if (ts.isExpression(c) && !ts.isJsxElement(c) && !ts.isJsxSelfClosingElement(c) && !ts.isJsxFragment(c)) parts.push(e(c));
      else visit(c);
    });
  };
  visit(n);
  return { k: 'union', parts };
}

function propName(ts: typeof TS, name: TS.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return null;
}

function isComparison(ts: typeof TS, op: TS.SyntaxKind): boolean {
  const S = ts.SyntaxKind;
  return [
    S.EqualsEqualsToken,
    S.EqualsEqualsEqualsToken,
    S.ExclamationEqualsToken,
    S.ExclamationEqualsEqualsToken,
    S.LessThanToken,
    S.GreaterThanToken,
    S.LessThanEqualsToken,
    S.GreaterThanEqualsToken,
    S.InstanceOfKeyword,
    S.InKeyword,
  ].includes(op);
}

export function isAssignOp(ts: typeof TS, k: TS.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}
