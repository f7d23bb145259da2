/** How long work keeps the event loop from answering anyone else. */

/** The longest gap between ticks of a 5 ms timer while `work` runs, less the 5 ms. */
export async function stall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number; ms: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  longest = Math.max(longest, performance.now() - last - 5);
  return { value, stallMs: Math.round(longest), ms: Math.round(ms) };
}
