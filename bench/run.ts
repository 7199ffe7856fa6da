// `npm run bench`: figures and ratios against plain baselines measured in the same run.
// Usage: npm run bench [-- register slack incidents trust mis runtime delivery] (default: all);
// `mis-delta` runs only the MIS session-delta bench (the `mis` suite includes it).
import { benchRegister } from './register.js';
import { benchSlack } from './slack.js';
import { benchIncidents } from './incidents.js';
import { benchTrust } from './trust.js';
import { benchMis, benchSessionDelta } from './mis.js';
import { benchRuntime } from './runtime.js';
import { benchDelivery } from './delivery.js';
import { peakRssMb, printTable } from './support.js';

const only = process.argv.slice(2);
const suites: Record<string, () => Promise<void>> = { register: benchRegister, slack: benchSlack, incidents: benchIncidents, trust: benchTrust, mis: benchMis, 'mis-delta': benchSessionDelta, runtime: benchRuntime, delivery: benchDelivery };
for (const [name, run] of Object.entries(suites)) {
  // With no arguments every suite runs once: mis-delta is part of mis.
  if (only.length ? !only.includes(name) : name === 'mis-delta') continue;
  await run();
}
printTable();
console.log(`\n${peakRssMb()} (whole bench process)`);
process.exit(0);
