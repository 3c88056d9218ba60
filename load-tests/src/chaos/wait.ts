// Polling helpers for the chaos scenarios: conditions over live processes, checked every `stepMs`.

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `cond` holds; throws `describe()` (or a generic message) after the timeout. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, describe?: () => string, stepMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(describe?.() ?? `condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}

/** GET with a deadline; null when it failed or timed out. */
export async function tryFetch(url: string, timeoutMs = 2000): Promise<Response | null> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return null;
  }
}
