// Runs drizzle-orm's own migrate() (node-postgres driver) on one database: node migrate.cjs URL FOLDER.
// NODE_PATH names the node_modules holding drizzle-orm and pg (RealDrizzleComparisonTest sets it).
const { drizzle } = require('drizzle-orm/node-postgres');
const { migrate } = require('drizzle-orm/node-postgres/migrator');
const { Client } = require('pg');

(async () => {
  const client = new Client({ connectionString: process.argv[2] });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: process.argv[3] });
  } finally {
    await client.end();
  }
})().catch((e) => {
  console.error(e && e.message ? e.message : String(e));
  process.exit(1);
});
