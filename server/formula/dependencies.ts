import type { Ast } from './ast.js';
import { tokenize } from './lexer.js';
import { FIELD_KEY_PATTERN } from './types.js';

/** Field keys a formula reads, in order of first appearance, without duplicates. */
export function formulaDependencies(ast: Ast): string[] {
  const keys = new Set<string>();
  const visit = (node: Ast): void => {
    switch (node.kind) {
      case 'field':
        keys.add(node.key);
        break;
      case 'unary':
        visit(node.operand);
        break;
      case 'binary':
        visit(node.left);
        visit(node.right);
        break;
      case 'call':
        node.args.forEach(visit);
        break;
    }
  };
  visit(ast);
  return [...keys];
}

/**
 * Rewrites the field references of a formula, e.g. after a field key is renamed, leaving every
 * other character (spacing, quotes, text that merely looks like `{key}`) as it was. Works on
 * formulas with syntax errors too.
 *
 * @example renameFormulaRefs('{a} & "{a}"', (k) => (k === 'a' ? 'b' : k)) // '{b} & "{a}"'
 * @throws TypeError when `rename` returns something that is not a valid field key.
 */
export function renameFormulaRefs(src: string, rename: (key: string) => string): string {
  let out = '';
  let copied = 0;
  for (const token of tokenize(src).tokens) {
    if (token.kind !== 'field') continue;
    const key = rename(token.key);
    if (typeof key !== 'string' || !FIELD_KEY_PATTERN.test(key)) {
      throw new TypeError(`renameFormulaRefs: invalid field key ${JSON.stringify(key)}`);
    }
    out += `${src.slice(copied, token.start)}{${key}}`;
    copied = token.end;
  }
  return out + src.slice(copied);
}
