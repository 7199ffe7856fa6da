// The chat core's public surface for workflows, jobs and the CLI. Adapters are imported from their
// own folders (chat/slack/app.js, chat/local/start.js) so that importing the core never loads Bolt.

export * from './model.js';
export * from './errors.js';
export * from './context.js';
export * from './port.js';
export * from './router.js';
export { parseArgs } from './args.js';
export { InMemoryDeliveryLog, InMemoryStaffDirectory, type StaffEntry } from './in-memory.js';
export { chatConfigFromEnv, type ChatConfig } from './config.js';
