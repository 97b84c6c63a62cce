export { checkFilter } from './filter.check.js';
export type { FilterContext, FilterField } from './filter.context.js';
export { filterPredicate, matchesFilter } from './filter.memory.js';
export { exactOps, opsByKind } from './filter.ops.js';
export { filterLimitDetails, filterShapeDetails, parseFilterParam } from './filter.parse.js';
export {
  type Condition,
  type Filter,
  type Op,
  conditionSchema,
  filterOps,
  filterSchema,
  maxFilterConditions,
  maxFilterDepth,
  maxFilterList,
  maxFilterValues,
} from './filter.schema.js';
export { compileFilter } from './filter.sql.js';
export { type RelativeDate, isRelativeDate, resolveRelative } from './relative-date.js';
