/**
 * `npm run stack [-- --profile test]`: only the servers (Temporal, MinIO, database), in the foreground, for
 * developers who run mocha or the API by hand. Prints the environment to use; Ctrl-C stops them.
 */
import { loadConfig } from '../config/index.js';
import { createKnex, migrateLatest } from '../db/index.js';
import { startStack, StartupError } from '../services/index.js';

const profileArg = process.argv.indexOf('--profile');
if (profileArg > 0 && process.argv[profileArg + 1]) process.env.MOTCUA_PROFILE = process.argv[profileArg + 1];
const config = loadConfig();
try {
  const stack = await startStack(config, (l) => console.log(l));
  const knex = createKnex(config.databaseUrl);
  await migrateLatest(knex);
  await knex.destroy();
  console.log(`ready (${config.profile}). Environment for tools run by hand:`);
  console.log(
    `  MOTCUA_PROFILE=${config.profile} DATABASE_URL=${stack.databaseUrl} TEMPORAL_ADDRESS=${stack.temporalAddress}`,
  );
  const shutdown = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (err) {
  console.error(err instanceof StartupError ? err.toLine() : String((err as Error).message ?? err));
  process.exit(1);
}
