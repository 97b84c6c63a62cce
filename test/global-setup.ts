import pg from 'pg';

/**
 * Says once, before the suite, whether the PostgreSQL half runs. On CI (CI=true) an unreachable
 * server fails the run instead of silently skipping half the tests.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    process.env.TESSERA_TEST_PG = url;
    console.log(`PostgreSQL tests run against ${url.replace(/:[^:@/]*@/, ':***@')}`);
  } catch (e) {
    if (process.env.CI)
      throw new Error(`PostgreSQL is required on CI but unreachable at ${url}: ${String(e)}`, { cause: e });
    process.env.TESSERA_TEST_PG = '';
    console.warn(
      `\n*** PostgreSQL unreachable at ${url}: every PostgreSQL test is SKIPPED (only SQLite ran). Start it or set TEST_DATABASE_URL. ***\n`,
    );
  }
}
