// @coope/api/contract: the zod schemas of the api's HTTP surface, shared with the web app.
// Browser-safe: this folder imports zod and nothing else.
export * from './ai.js';
export * from './auth.js';
export * from './common.js';
export * from './people.js';
export * from './site.js';
export * from './workspace.js';
