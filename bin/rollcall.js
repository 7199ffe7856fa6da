#!/usr/bin/env node
// `rollcall` (and `npm start`): runs the compiled JavaScript in dist/. `npm install` builds it; after a
// git pull or an edit to src/ it is rebuilt here first (bin/build.js), so there is no step to forget.
import { ensureBuilt } from './build.js';

await ensureBuilt();
await import('../dist/cli/main.js');
