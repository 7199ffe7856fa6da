// vitest globalSetup: compile src/ to dist/ once before any test starts a real `rollcall` process, so
// those processes never build (or race to build) themselves.
import { ensureBuilt } from '../../bin/build.js';

export default async function setup(): Promise<void> {
  await ensureBuilt({ quiet: true });
}
