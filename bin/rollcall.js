#!/usr/bin/env node
// `rollcall` command: runs the TypeScript CLI through tsx (no separate build step to forget).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
