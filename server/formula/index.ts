export type {
  Ast,
  BinaryExpr,
  BinaryOp,
  BooleanLiteral,
  CallExpr,
  FieldRef,
  NullLiteral,
  NumberLiteral,
  TextLiteral,
  UnaryExpr,
  UnaryOp,
} from './ast.js';
export type { FormulaError, FormulaType } from './types.js';
export { FIELD_KEY_PATTERN, MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH, isFormulaType } from './types.js';
export { parseFormula } from './parser.js';
export { typecheckFormula } from './typecheck.js';
export type { EvaluateContext } from './evaluate.js';
export { evaluateFormula } from './evaluate.js';
export { formulaDependencies, renameFormulaRefs } from './dependencies.js';
export { findFormulaCycle } from './cycles.js';
export { functionNames } from './functions.js';
