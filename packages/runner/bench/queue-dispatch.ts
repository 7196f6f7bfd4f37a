/**
 * Dispatch overhead of the queue: N jobs with an empty run (the processor returns at once) through
 * BullMQ on a local redis-server started here (the test helper), one coordinator-side Queue and one
 * Worker, as `gymkit worker` uses them. Prints jobs/s from the first add to the last completion.
 *   npx tsx --conditions=@gymkit/source packages/runner/bench/queue-dispatch.ts [N] [concurrency]
 */

import { connect, Queue, Worker } from "../src/queue/redis.js";
import { startRedis } from "../test/redis-server.js";

const n = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 8);
const redis = await startRedis();
const queue = new Queue("bench", { connection: connect(redis.url) });
let done = 0;
let finish: () => void = () => {};
const all = new Promise<void>((r) => (finish = r));
const t0 = performance.now();
const worker = new Worker(
  "bench",
  async () => {
    if (++done === n) finish();
    return {};
  },
  { connection: connect(redis.url), concurrency },
);
await queue.addBulk(
  Array.from({ length: n }, (_, i) => ({ name: "run", data: { i }, opts: { jobId: `j${i}` } })),
);
await all;
const seconds = (performance.now() - t0) / 1000;
console.log(
  `${n} empty jobs, worker concurrency ${concurrency}: ${seconds.toFixed(2)} s, ${(n / seconds).toFixed(0)} jobs/s`,
);
await worker.close();
await queue.close();
await redis.stop();
process.exit(0);
