// Loads uWebSockets.js and insists on its native binary: the package silently falls back
// to a slow pure-JS server when the binary does not load (NOTES §2).
import { createRequire } from 'node:module';

export type Uws = typeof import('uWebSockets.js');

const require = createRequire(import.meta.url);

export function loadUws(): Uws {
  const uws = require('uWebSockets.js') as Uws;
  const native = Object.keys(require.cache).some((k) => /[\\/]binaries[\\/]uws_[^\\/]+\.node$/.test(k));
  if (!native) {
    throw new Error(
      'uWebSockets.js loaded its pure-JS fallback, not the native binary ' +
        `(node ${process.version}, ABI ${process.versions.modules}); unset UWS_USE_FALLBACK or use Node 20`,
    );
  }
  return uws;
}
