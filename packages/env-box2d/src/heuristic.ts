/**
 * Gymnasium's `heuristic(env, s)`: the hand-written controller of `lunar_lander.py`, which lands
 * and comes to rest on most seeds (return ~250). `s` is the float32 observation; as under NumPy 2
 * (NEP 50), its arithmetic is float32 (`Math.fround` after every operation).
 * @returns a discrete action (0..3), or for `continuous` the two engine throttles.
 * @example
 * let { observation } = env.reset({ seed: 0 });
 * for (;;) { const step = env.step(heuristic(observation, false)); ... }
 */
export function heuristic(s: ArrayLike<number>, continuous: false): number;
export function heuristic(s: ArrayLike<number>, continuous: true): Float32Array;
export function heuristic(s: ArrayLike<number>, continuous: boolean): number | Float32Array;
export function heuristic(s: ArrayLike<number>, continuous: boolean): number | Float32Array {
  const f = Math.fround;
  const [s0, s1, s2, s3, s4, s5, s6, s7] = Array.from({ length: 8 }, (_, i) => f(s[i]!));
  let angleTarg = f(f(s0! * 0.5) + f(s2! * 1.0)); // angle should point towards center
  if (angleTarg > 0.4) angleTarg = 0.4; // more than 0.4 radians (22 degrees) is bad
  if (angleTarg < -0.4) angleTarg = -0.4;
  const hoverTarg = f(0.55 * Math.abs(s0!)); // target y should be proportional to horizontal offset
  let angleTodo = f(f(f(angleTarg - s4!) * 0.5) - f(s5! * 1.0));
  let hoverTodo = f(f(f(hoverTarg - s1!) * 0.5) - f(s3! * 0.5));
  if (s6 || s7) {
    // legs have contact
    angleTodo = 0;
    hoverTodo = f(-s3! * 0.5); // override to reduce fall speed, that's all we need after contact
  }
  if (continuous) {
    const clip = (v: number) => Math.min(Math.max(v, -1), 1);
    return Float32Array.of(clip(f(f(hoverTodo * 20) - 1)), clip(f(-angleTodo * 20)));
  }
  if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) return 2;
  if (angleTodo < -0.05) return 3;
  if (angleTodo > +0.05) return 1;
  return 0;
}
