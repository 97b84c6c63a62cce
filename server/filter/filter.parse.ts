import type { z } from 'zod';
import { type ErrorDetail, AppError } from '../errors.js';
import { deepValueDetail } from '../shared/json-depth.js';
import { type Filter, filterSchema, maxFilterConditions, maxFilterDepth } from './filter.schema.js';

type Issue = z.core.$ZodIssue;

/**
 * Size limits (depth of and/or/not nesting, number of conditions) on any JSON value, checked
 * before the schema so a hostile, deeply nested value costs little.
 */
export function filterLimitDetails(value: unknown, basePath = ''): ErrorDetail[] {
  let conditions = 0;
  const walk = (node: unknown, path: string, depth: number): ErrorDetail[] => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
    const group = (['and', 'or', 'not'] as const).find((k) => k in node);
    if (!group) {
      conditions++;
      return conditions === maxFilterConditions + 1
        ? [{ path, message: `A filter may have at most ${maxFilterConditions} conditions` }]
        : [];
    }
    if (depth >= maxFilterDepth)
      return [{ path, message: `A filter may nest at most ${maxFilterDepth} groups deep` }];
    const inner = (node as Record<string, unknown>)[group];
    if (group === 'not') return walk(inner, `${path}/not`, depth + 1);
    if (!Array.isArray(inner)) return [];
    return inner.flatMap((child, i) => walk(child, `${path}/${group}/${i}`, depth + 1));
  };
  return walk(value, basePath, 0);
}

/** Which union branch of `filterSchema` a node means, judged by its keys. */
function branchOf(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  if ('and' in node) return 0;
  if ('or' in node) return 1;
  if ('not' in node) return 2;
  return 3;
}

function at(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value);
}

/** Replaces each union failure by the errors of the branch the node evidently meant. */
function flatten(issues: readonly Issue[], value: unknown, prefix: string): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const path = prefix + issue.path.map((p) => `/${String(p)}`).join('');
    if (issue.code !== 'invalid_union') return [{ path, message: issue.message }];
    const node = at(value, issue.path);
    const branch = branchOf(node);
    if (branch === undefined) {
      return [
        {
          path,
          message:
            'must be an object: {"and": [...]}, {"or": [...]}, {"not": ...} or {"field", "op", "value"}',
        },
      ];
    }
    return flatten(issue.errors[branch] ?? [], node, path);
  });
}

/** Checks the shape of a filter (and its size limits), with JSON-pointer paths like `/and/0/op`. */
export function filterShapeDetails(value: unknown, basePath = ''): ErrorDetail[] {
  const limits = filterLimitDetails(value, basePath);
  if (limits.length) return limits;
  const deep = deepValueDetail(value, basePath);
  if (deep) return [deep];
  const result = filterSchema.safeParse(value);
  return result.success ? [] : flatten(result.error.issues, value, basePath);
}

/**
 * Parses the `?filter=` query parameter (JSON text). Throws AppError('bad_request') when the text
 * is not JSON or not shaped like a filter, with detail paths under `basePath` (e.g. `/filter/op`);
 * field names and values are left to `checkFilter`.
 */
export function parseFilterParam(text: string, basePath = ''): Filter {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'filter: not valid JSON', [
      { path: basePath, message: 'is not valid JSON' },
    ]);
  }
  const details = filterShapeDetails(value);
  if (details.length) {
    const first = details[0];
    throw new AppError(
      'bad_request',
      `filter${first.path}: ${first.message}`,
      details.map((d) => ({ ...d, path: basePath + d.path })),
    );
  }
  return value as Filter;
}
