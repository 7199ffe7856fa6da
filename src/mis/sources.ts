// Which register source a school's policy names. `csv` has nothing to pull (files arrive by the CLI or the
// HTTP import); a new provider (Arbor's API, Groupcall Xporter, a CSV drop folder) is one more case here
// and one more RegisterSource.

import type { Policy } from '../policy/schema.js';
import type { RegisterSource } from './source.js';
import { wondeSourceFromEnv } from './wonde/source.js';

export function sourceFor(policy: Policy, env: NodeJS.ProcessEnv): RegisterSource | null {
  switch (policy.mis.provider) {
    case 'csv':
      return null;
    case 'wonde':
      return wondeSourceFromEnv(env, policy.mis.schoolId, policy.mis.codeMap);
  }
}

