// `npm run bench`: figures and ratios against plain baselines measured in the same run.
// Usage: npm run bench [-- register slack incidents trust mis runtime delivery] (default: all).
import { benchRegister } from './register.js';
import { benchSlack } from './slack.js';
import { benchIncidents } from './incidents.js';
import { benchTrust } from './trust.js';
import { benchMis } from './mis.js';
import { benchRuntime } from './runtime.js';
import { benchDelivery } from './delivery.js';
import { peakRssMb, printTable } from './support.js';

const only = process.argv.slice(2);
const suites: Record<string, () => Promise<void>> = { register: benchRegister, slack: benchSlack, incidents: benchIncidents, trust: benchTrust, mis: benchMis, runtime: benchRuntime, delivery: benchDelivery };
for (const [name, run] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
printTable();
console.log(`\n${peakRssMb()} (whole bench process)`);
process.exit(0);
