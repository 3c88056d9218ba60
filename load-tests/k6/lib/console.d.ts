// k6 provides console in scripts, but @types/k6 does not declare it (and the DOM lib is not ours to pull in).
declare global {
  const console: {
    log(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  };
}
export {};
