// Loads uWebSockets.js and refuses to run on its silent pure-JS fallback (several times slower).
import { createRequire } from 'node:module';
import type * as UWS from 'uWebSockets.js';

const require = createRequire(import.meta.url);

export class UwsFallbackError extends Error {}

/** The native uWS module; throws UwsFallbackError when the package fell back to JavaScript. */
export function loadNativeUws(): typeof UWS {
  const uws = require('uWebSockets.js') as typeof UWS;
  const native = Object.keys(require.cache).some((path) => /uws_[^/\\]*\.node$/.test(path));
  if (!native) {
    throw new UwsFallbackError(
      'uWebSockets.js native binary did not load (it fell back to the slow JavaScript implementation; ' +
        'UWS_USE_FALLBACK set, or no binary for this Node/platform). Unset UWS_USE_FALLBACK or use Node 20 on linux-x64.',
    );
  }
  return uws;
}
