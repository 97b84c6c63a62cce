import { dateFunctions } from './functions-date.js';
import { logicFunctions } from './functions-logic.js';
import { mathFunctions } from './functions-math.js';
import { textFunctions } from './functions-text.js';
import type { FunctionDef } from './function-def.js';

/** Every built-in function by upper-case name. A Map, so `constructor` is not a function. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  [...logicFunctions, ...mathFunctions, ...textFunctions, ...dateFunctions].map((f) => [f.name, f]),
);

/** Names of all built-in functions, sorted: for editor autocompletion. */
export const functionNames = (): string[] => [...FUNCTIONS.keys()].sort();
