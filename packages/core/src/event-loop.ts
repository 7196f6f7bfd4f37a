/** Steps between yields to the event loop, so signals, timers and progress output get their turn. */
export const YIELD_EVERY = 1000;
/**
 * At most this many ms between yields, whatever a step costs: with slow steps, 1000 of them would
 * keep a stop request (Ctrl-C, a pool's "stop") unseen for minutes. The clock is read every 16 steps.
 */
export const YIELD_MS = 100;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/** Turns given to the event loop: `due()` every YIELD_MS ms of work (checked every 16 calls). */
export function eventLoopTurns(): { due(): boolean; take(): Promise<void> } {
  let calls = 0;
  let deadline = performance.now() + YIELD_MS;
  return {
    due: () => (++calls & 15) === 0 && performance.now() >= deadline,
    async take() {
      await yieldToEventLoop();
      deadline = performance.now() + YIELD_MS;
    },
  };
}
