// The Teams adapter's public surface for the composition root and the CLI. Importing it loads the
// Teams SDK (@microsoft/teams.*); the chat core never does (tests/chat/teams/boundary.test.ts).

export { createTeamsApp, TEAMS_MESSAGES_PATH, type TeamsApp, type TeamsAppOptions } from './app.js';
export { teamsConfigFromEnv, type TeamsConfig } from './config.js';
export {
  InMemoryConversationStore,
  personalChannelName,
  type ConversationStore,
  type StoredConversation,
  type TeamsConversationRef,
} from './conversation-store.js';
export { DbConversationStore, type ConversationReferenceClient } from './db-conversation-store.js';
export { classifyTeamsError, TeamsDeliveryError } from './errors.js';
export type { SchoolForConversation, TeamsConversationInfo } from './inbound/deps.js';
export { fillTeamsManifest } from './manifest.js';
export { TeamsChatPort } from './port.js';
export { TeamsRenderError } from './render-elements.js';
