/**
 * Fixed-window counters. `hit` counts synchronously before any await, so parallel requests in one
 * process cannot all slip past the limit. A Redis adapter (for several processes) implements the same
 * interface.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  reset(key: string): Promise<void>;
}

export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let lastSweep = now();
  function sweep(t: number) {
    if (t - lastSweep < 60_000) return;
    lastSweep = t;
    for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
  }
  return {
    hit(key, limit, windowMs) {
      const t = now();
      sweep(t);
      let w = windows.get(key);
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      const allowed = w.count <= limit;
      return Promise.resolve({ allowed, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - t) / 1000)) });
    },
    reset(key) {
      windows.delete(key);
      return Promise.resolve();
    },
  };
}
