// `node --import ./hide-queue-peers.mjs`: this process (and its worker threads) behaves as an
// install without the optional peers bullmq and ioredis (queue/optional-peers.test.ts).
import { register } from "node:module";

register("./hide-queue-peers-hooks.mjs", import.meta.url);
