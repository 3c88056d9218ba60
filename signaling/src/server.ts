// @coope/signaling/server: what it takes to run a signaling node in another process's code
// (benchmarks, local tooling). main.ts is the production entry.
export { type Config, ConfigError, loadConfig } from './config.js';
export { createLogger } from './log.js';
export { SignalingNode, type SignalingNodeOptions } from './node.js';
export { loadNativeUws, UwsFallbackError } from './transport/uws-native.js';
