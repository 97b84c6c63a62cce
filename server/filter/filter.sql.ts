import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { FilterContext } from './filter.context.js';
import { type Plan, planCondition } from './filter.plan.js';
import type { Filter } from './filter.schema.js';

/** A compiled node; `nullable` when it may be SQL NULL, which WHERE reads as false. */
interface Compiled {
  expr: RawBuilder<SqlBool>;
  nullable: boolean;
}

const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Compiles a filter that `checkFilter` accepted into a boolean SQL expression over the record
 * table (columns qualified by `tableAlias` when given; relation tests correlate on its `id`).
 * Every value is a bound parameter. Matches exactly what `matchesFilter` answers in memory:
 * see `Plan` for the shared semantics.
 *
 * @example db.selectFrom(sql.table(table).as('r')).select('r.id').where(compileFilter(f, ctx, 'r'))
 */
export function compileFilter(filter: Filter, ctx: FilterContext, tableAlias?: string): Expression<SqlBool> {
  return compileNode(filter, ctx, tableAlias).expr;
}

function compileNode(node: Filter, ctx: FilterContext, alias: string | undefined): Compiled {
  if ('and' in node || 'or' in node) {
    const isAnd = 'and' in node;
    const children = (isAnd ? node.and : node.or).map((child) => compileNode(child, ctx, alias));
    if (!children.length) return { expr: isAnd ? sql`true` : sql`false`, nullable: false };
    if (children.length === 1) return children[0];
    const joined = sql.join(
      children.map((c) => c.expr),
      isAnd ? sql` and ` : sql` or `,
    );
    return { expr: sql<SqlBool>`(${joined})`, nullable: children.some((c) => c.nullable) };
  }
  if ('not' in node) return negate(compileNode(node.not, ctx, alias));
  const plan = planCondition(node, ctx);
  const test = compileTest(plan, ctx, alias);
  return plan.negate ? negate(test) : test;
}

// NULL must read as false before it is negated: NOT NULL is NULL, which WHERE would drop.
function negate(c: Compiled): Compiled {
  return { expr: c.nullable ? sql`not coalesce(${c.expr}, false)` : sql`not (${c.expr})`, nullable: false };
}

function compileTest(plan: Plan, ctx: FilterContext, alias: string | undefined): Compiled {
  const col = alias ? sql.id(alias, plan.field.column) : sql.id(plan.field.column);
  if (plan.test === 'in' && plan.values.length === 0) return { expr: sql`false`, nullable: false };
  if (plan.field.kind === 'relation') return relationTest(plan, alias);
  if (plan.field.kind === 'array') return arrayTest(plan, ctx, col);
  const p = (v: unknown) => param(v, ctx);
  const [a, b] = plan.values.map(p);
  const nullable = (expr: RawBuilder<unknown>): Compiled => ({
    expr: sql<SqlBool>`(${expr})`,
    nullable: true,
  });
  switch (plan.test) {
    case 'eq':
      return nullable(sql`${col} = ${a}`);
    case 'gt':
      return nullable(sql`${col} > ${a}`);
    case 'gte':
      return nullable(sql`${col} >= ${a}`);
    case 'lt':
      return nullable(sql`${col} < ${a}`);
    case 'lte':
      return nullable(sql`${col} <= ${a}`);
    case 'between':
      return nullable(sql`${col} between ${a} and ${b}`);
    case 'in':
      return nullable(sql`${col} in (${sql.join(plan.values.map(p))})`);
    case 'contains':
      return nullable(sql`${position(col, a, ctx)} > 0`);
    case 'startsWith':
      return nullable(sql`${position(col, a, ctx)} = 1`);
    case 'isEmpty': {
      const blank = plan.field.kind === 'text' ? sql` or ${col} = ''` : sql``;
      return { expr: sql<SqlBool>`(${col} is null${blank})`, nullable: false };
    }
    case 'setEq':
      throw new Error('setEq applies to arrays only');
  }
}

/**
 * Where a (lowercased) value first occurs in the column with its ASCII letters lowercased, 0 when
 * it does not: SQLite's lower() folds ASCII only, PostgreSQL's would fold more, hence translate().
 * instr/strpos take `%` and `_` literally, unlike LIKE.
 */
function position(
  col: RawBuilder<unknown>,
  value: RawBuilder<unknown>,
  ctx: FilterContext,
): RawBuilder<number> {
  if (ctx.engine === 'sqlite') return sql`instr(lower(${col}), ${value})`;
  return sql`strpos(translate(${col}, ${sql.lit(upper)}, ${sql.lit(upper.toLowerCase())}), ${value})`;
}

/**
 * A parameter. On PostgreSQL an untyped parameter takes the column's type, so a fractional (or
 * huge) number compared with a bigint column must be sent as float8.
 */
function param(v: unknown, ctx: FilterContext): RawBuilder<unknown> {
  if (ctx.engine === 'postgres' && typeof v === 'number' && !Number.isSafeInteger(v))
    return sql`${v}::float8`;
  // Past int4, PostgreSQL would read the parameter as the column's integer type and fail.
  if (ctx.engine === 'postgres' && typeof v === 'number' && Math.abs(v) > 2147483647)
    return sql`${v}::bigint`;
  return sql`${v}`;
}

// Arrays are JSON text on SQLite (walked with json_each) and jsonb on PostgreSQL (?|, @>, <@).
function arrayTest(plan: Plan, ctx: FilterContext, col: RawBuilder<unknown>): Compiled {
  const pg = ctx.engine === 'postgres';
  const values = plan.values as string[];
  const list = sql.join(values.map((v) => sql`${v}`));
  switch (plan.test) {
    case 'in':
      return pg
        ? { expr: sql<SqlBool>`(${col} ?| ${values}::text[])`, nullable: true }
        : {
            expr: sql<SqlBool>`exists (select 1 from json_each(${col}) where value in (${list}))`,
            nullable: false,
          };
    case 'setEq': {
      if (pg) {
        const json = JSON.stringify(values);
        return {
          expr: sql<SqlBool>`(${col} @> ${json}::jsonb and ${col} <@ ${json}::jsonb)`,
          nullable: true,
        };
      }
      // Every element is one of the values, and as many distinct elements as distinct values.
      const outsider = sql`exists (select 1 from json_each(${col}) where value not in (${list}))`;
      const distinct = sql`(select count(distinct value) from json_each(${col}))`;
      return { expr: sql<SqlBool>`(not ${outsider} and ${distinct} = ${values.length})`, nullable: false };
    }
    case 'isEmpty': {
      const length = pg ? sql`jsonb_array_length(${col})` : sql`json_array_length(${col})`;
      return { expr: sql<SqlBool>`(${col} is null or ${length} = 0)`, nullable: false };
    }
    default:
      throw new Error(`${plan.test} does not apply to arrays`);
  }
}

function relationTest(plan: Plan, alias: string | undefined): Compiled {
  const { linkFieldId, mySide } = plan.field.relation!;
  const other = mySide === 'source_id' ? 'target_id' : 'source_id';
  const id = alias ? sql.id(alias, 'id') : sql.id('id');
  const mine = sql`_lnk.field_id = ${linkFieldId} and ${sql.id('_lnk', mySide)} = ${id}`;
  const links = sql`select 1 from record_links as _lnk where ${mine}`;
  if (plan.test === 'isEmpty') return { expr: sql<SqlBool>`not exists (${links})`, nullable: false };
  const list = sql.join(plan.values.map((v) => sql`${v}`));
  return { expr: sql<SqlBool>`exists (${links} and ${sql.id('_lnk', other)} in (${list}))`, nullable: false };
}
