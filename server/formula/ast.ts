/** Source span of a node: `start` inclusive, `end` exclusive, both 0-based offsets. */
interface Span {
  start: number;
  end: number;
}

export type UnaryOp = '-' | '+' | 'not';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type BinaryOp = ArithmeticOp | ComparisonOp | '&' | 'and' | 'or';

export interface NumberLiteral extends Span {
  kind: 'number';
  value: number;
}
export interface TextLiteral extends Span {
  kind: 'text';
  value: string;
}
export interface BooleanLiteral extends Span {
  kind: 'boolean';
  value: boolean;
}
export interface NullLiteral extends Span {
  kind: 'null';
}
export interface FieldRef extends Span {
  kind: 'field';
  key: string;
}
export interface UnaryExpr extends Span {
  kind: 'unary';
  op: UnaryOp;
  operand: Ast;
}
export interface BinaryExpr extends Span {
  kind: 'binary';
  op: BinaryOp;
  /** Where the operator is written, for error messages. */
  opStart: number;
  left: Ast;
  right: Ast;
}
export interface CallExpr extends Span {
  kind: 'call';
  /** Upper-cased: function names are case-insensitive. */
  name: string;
  args: Ast[];
}

/** A parsed formula: plain JSON-serializable objects. `==` and `<>` are normalized to `=` and `!=`. */
export type Ast =
  NumberLiteral | TextLiteral | BooleanLiteral | NullLiteral | FieldRef | UnaryExpr | BinaryExpr | CallExpr;
