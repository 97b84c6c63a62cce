import {
  type ColumnMetadata,
  type DatabaseIntrospector,
  type Kysely,
  PostgresDialect,
  PostgresIntrospector,
  type TableMetadata,
  sql,
} from 'kysely';

interface ColumnRow {
  table_name: string;
  table_type: string;
  column_name: string;
  udt_name: string;
  udt_schema: string;
  is_nullable: string;
  column_default: string | null;
  is_identity: string;
}

/**
 * Kysely's PostgreSQL introspector reads every column of every table in every schema, calling
 * `pg_get_serial_sequence` on each: a schema that another session drops meanwhile (the tests run
 * side by side, each in a schema of its own) fails that query with "schema … does not exist", and
 * the migrator with it. This one reads the tables of the current schema (the search_path's), which
 * is all the migrator asks about, from information_schema.
 */
export class CurrentSchemaIntrospector extends PostgresIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<any>;

  constructor(db: Kysely<any>) {
    super(db);
    this.#db = db;
  }

  override async getTables(options: { withInternalKyselyTables?: boolean } = {}): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow & { table_schema: string }>`
      select c.table_schema, c.table_name, t.table_type, c.column_name, c.udt_name, c.udt_schema, c.is_nullable, c.column_default, c.is_identity
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema()
      order by c.table_name, c.ordinal_position`.execute(this.#db);
    const tables = new Map<
      string,
      { name: string; schema: string; isView: boolean; columns: ColumnMetadata[] }
    >();
    for (const r of rows) {
      if (
        !options.withInternalKyselyTables &&
        (r.table_name === 'kysely_migration' || r.table_name === 'kysely_migration_lock')
      )
        continue;
      let table = tables.get(r.table_name);
      if (!table)
        tables.set(
          r.table_name,
          (table = {
            name: r.table_name,
            schema: r.table_schema,
            isView: r.table_type === 'VIEW',
            columns: [],
          }),
        );
      table.columns.push({
        name: r.column_name,
        dataType: r.udt_name,
        dataTypeSchema: r.udt_schema,
        isNullable: r.is_nullable === 'YES',
        hasDefaultValue: r.column_default !== null,
        isAutoIncrementing: r.is_identity === 'YES' || (r.column_default ?? '').startsWith('nextval('),
      });
    }
    return [...tables.values()];
  }
}

/** PostgresDialect with the introspector above. */
export class TesseraPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
