/** Timing helpers for the replay-memory benchmark (never used by tests). */

/** Settings of a measurement: repetitions and the minimum duration of each. */
export interface MeasureSettings {
  /** Timed repetitions; the median is reported. */
  reps: number;
  /** Each repetition runs whole chunks of calls until at least this long. */
  minMs: number;
}

/** Result: calls per second, median and range over the repetitions. */
export interface Rate {
  median: number;
  min: number;
  max: number;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Calls per second of `run(n)`, which must perform n calls. A warm-up repetition calibrates the
 * chunk size (and lets V8 optimise), then `reps` timed repetitions give the median.
 */
export function measure(run: (n: number) => void, settings: MeasureSettings): Rate {
  let chunk = 1;
  // Calibrate: grow the chunk until one takes ≥ 5 ms (also the warm-up).
  for (;;) {
    const t0 = now();
    run(chunk);
    if (now() - t0 >= 5 || chunk >= 2 ** 30) break;
    chunk *= 2;
  }
  const rates: number[] = [];
  for (let r = 0; r < settings.reps; r++) {
    let calls = 0;
    const t0 = now();
    let elapsed = 0;
    do {
      run(chunk);
      calls += chunk;
      elapsed = now() - t0;
    } while (elapsed < settings.minMs);
    rates.push((calls / elapsed) * 1000);
  }
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(rates.length / 2)]!, min: rates[0]!, max: rates[rates.length - 1]! };
}

/** 1234567 → "1.23 M", 45678 → "45.7 k". */
export function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(x >= 1e8 ? 0 : 2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(1);
}

/** Microseconds per call from a rate. */
export function formatMicros(rate: number): string {
  const us = 1e6 / rate;
  return us >= 100 ? us.toFixed(0) : us >= 1 ? us.toFixed(2) : us.toFixed(3);
}
