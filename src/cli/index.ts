import { Command, CommanderError } from 'commander';
import { registerConnections } from './commands/connections.js';
import { registerCorrect } from './commands/correct.js';
import { registerDemo } from './commands/demo.js';
import { registerDrift } from './commands/drift.js';
import { registerEconomy } from './commands/economy.js';
import { registerEmulate } from './commands/emulate.js';
import { registerIngest } from './commands/ingest.js';
import { registerMappings } from './commands/mappings.js';
import { registerNormalize } from './commands/normalize.js';
import { registerReconcile } from './commands/reconcile.js';
import { registerReplay } from './commands/replay.js';
import { registerReview } from './commands/review.js';
import { registerRoles } from './commands/roles.js';
import { registerSchema } from './commands/schema.js';
import { registerServe } from './commands/serve.js';
import { registerSignals } from './commands/signals.js';
import { registerSync } from './commands/sync.js';
import { EXIT, failLine, UsageError } from './output.js';

const program = new Command();
program
  .name('ledgerpulse')
  .description('Connect ERP and commerce systems, normalize them into one canonical model, and compute signals.')
  .version('0.1.0')
  .exitOverride()
  .showSuggestionAfterError();

registerSchema(program);
registerNormalize(program);
registerDemo(program);
registerEmulate(program);
registerEconomy(program);
registerConnections(program);
registerSync(program);
registerIngest(program);
registerRoles(program);
registerReconcile(program);
registerSignals(program);
registerReview(program);
registerMappings(program);
registerCorrect(program);
registerReplay(program);
registerDrift(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      process.exit(EXIT.ok);
    }
    process.exit(EXIT.usage);
  }
  process.stderr.write(`${failLine(error)}\n`);
  process.exit(error instanceof UsageError ? EXIT.usage : EXIT.failed);
}
