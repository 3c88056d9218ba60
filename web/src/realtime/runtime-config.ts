// Settings the web server hands the browser at run time (vite.config.ts serves /runtime-config.json).
export interface RuntimeConfig {
  signalingUrls: string[];
}

let cached: Promise<RuntimeConfig> | null = null;

export function runtimeConfig(): Promise<RuntimeConfig> {
  cached ??= fetch('/runtime-config.json').then(async (res) => {
    if (!res.ok) throw new Error('Could not load the app settings. Reload the page.');
    return (await res.json()) as RuntimeConfig;
  });
  cached.catch(() => {
    cached = null;
  });
  return cached;
}
