import type { Command } from 'commander';
import { registerBudget } from './budget.js';
import { registerCost } from './cost.js';
import { registerEstimate } from './estimate.js';
import { registerIngest } from './ingest.js';
import { registerPricing } from './pricing.js';
import { registerReconcile } from './reconcile.js';
import { registerReport } from './report.js';
import { registerSync } from './sync.js';

/** Every command, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerPricing(program);
  registerCost(program);
  registerEstimate(program);
  registerIngest(program);
  registerSync(program);
  registerReport(program);
  registerBudget(program);
  registerReconcile(program);
}
