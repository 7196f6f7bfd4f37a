"""Gymnasium's own steps/s for the four classic-control envs, for bench/index.ts to compare with.

Through gym.make (TimeLimit, OrderEnforcing, PassiveEnvChecker) and unwrapped, one process, LCG
actions as in the golden data (Discrete: x % 3; Box: the float32 LCG rule, out of bounds a third of
the time), resets on terminated or truncated included. Prints one JSON object:
{"gymnasium": version, "numpy": version, "results": {env_id: {"make": rate, "unwrapped": rate}}}, rates
in steps per second of CPU time.

    python3 bench/gymnasium_bench.py [CPU seconds per measurement, default 3]
"""
import json
import sys
import time

import gymnasium as gym
import numpy as np

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
DISCRETE = {"Acrobot-v1", "MountainCar-v0"}
HIGH = {"MountainCarContinuous-v0": 1.0, "Pendulum-v1": 2.0}


def actions(env_id, n):
    x, out = 12345, []
    for _ in range(n):
        x = (1664525 * x + 1013904223) % 2**32
        if env_id in DISCRETE:
            out.append(x % 3)
        else:
            h = HIGH[env_id]
            out.append(np.array([(2 * x / 2**32 - 1) * 1.5 * h], dtype=np.float32))
    return out


def rate(env, acts):
    """Steps per second of this process's CPU time (robust on a busy machine), over SECONDS of it."""
    env.reset(seed=0)
    n, steps, t0 = len(acts), 0, time.process_time()
    while True:
        for _ in range(1000):
            _, _, term, trunc, _ = env.step(acts[steps % n])
            steps += 1
            if term or trunc:
                env.reset()
        elapsed = time.process_time() - t0
        if elapsed >= SECONDS:
            return steps / elapsed


results = {}
for env_id in ["Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"]:
    acts = actions(env_id, 4096)
    made = gym.make(env_id)
    rate(made, acts[:1000])  # warm-up
    bare = gym.make(env_id).unwrapped
    results[env_id] = {"make": rate(made, acts), "unwrapped": rate(bare, acts)}
print(json.dumps({"gymnasium": gym.__version__, "numpy": np.__version__, "results": results}))
