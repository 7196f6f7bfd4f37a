/**
 * The one file that imports BullMQ and ioredis. A queue URL (`redis://` or `rediss://`, with or
 * without a password) becomes connections; the URL is shown only redacted (`redis://***@host:port`)
 * and never written anywhere. Checkpoints live in Redis too, one hash per job.
 */
import { GymkitError } from "@gymkit/core";
import { type Job, Queue, QueueEvents, UnrecoverableError, WaitingError, Worker } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

export { type Job, Queue, QueueEvents, UnrecoverableError, WaitingError, Worker };

/** The BullMQ queue every coordinator and worker of gymkit uses; jobs name their sweep. */
export const QUEUE_NAME = "gymkit-runs";
const CHECKPOINT_PREFIX = "gymkit:checkpoint:";

/** `redis://user:pass@host:6379/0` → `redis://***@host:6379/0`; a URL without credentials as is. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const auth = u.username || u.password ? "***@" : "";
    return `${u.protocol}//${auth}${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(an unparsable URL)";
  }
}

/** Checks a `--queue` value: redis:// or rediss://, with a host. */
export function parseQueueUrl(url: string): { url: string; shown: string } {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {}
  if (!u || (u.protocol !== "redis:" && u.protocol !== "rediss:") || !u.hostname) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `--queue ${redactUrl(url)}: expected redis://[user:password@]host:port[/db] or rediss://... (TLS). Nothing was enqueued.`,
    );
  }
  return { url, shown: redactUrl(url) };
}

/**
 * A connection that waits through outages: commands queue while ioredis reconnects (every 0.05 s
 * growing to 2 s, forever), which is what BullMQ's workers require (`maxRetriesPerRequest: null`).
 */
export function connect(url: string, extra: RedisOptions = {}, notice?: (message: string) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 50, 2000),
    ...extra,
  });
  // Reconnects are ioredis's job; without a listener an outage would crash the process.
  redis.on("error", () => {});
  if (notice) {
    // Once per outage (ioredis says "reconnecting" before every attempt), and once when it is over;
    // a connection closed on purpose does not reconnect, so says nothing.
    let lost = false;
    redis.on("reconnecting", () => {
      if (lost) return;
      lost = true;
      notice(`lost the connection to Redis at ${redactUrl(url)}; reconnecting (every 2 s, until it answers)`);
    });
    redis.on("ready", () => {
      if (!lost) return;
      lost = false;
      notice(`reconnected to Redis at ${redactUrl(url)}`);
    });
  }
  return redis;
}

/** Fails fast with a clear error when Redis cannot be reached (or refuses the password) at start. */
export async function assertReachable(url: string, what: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(url, redactUrl(url)) : String(e);
    throw new GymkitError(
      "GYMKIT_QUEUE_UNREACHABLE",
      `Cannot reach Redis at ${redactUrl(url)}: ${why}. Start Redis there or pass the right --queue URL (redis://host:port, rediss:// for TLS). ${what}`,
      { cause: e },
    );
  } finally {
    probe.disconnect();
  }
}

/** A run's last checkpoint: the run directory's files at a step. */
export interface Snapshot {
  readonly step: number;
  readonly files: Record<string, Uint8Array>;
}

// Replaces the hash only with a later step: a worker presumed dead that still writes cannot put
// an older checkpoint over a newer one (same step = same bytes, runs being deterministic).
const SAVE_NEWER = `
local cur = redis.call('HGET', KEYS[1], '@step')
if cur and tonumber(cur) >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], '@step', ARGV[1], unpack(ARGV, 2))
return 1`;

/** Checkpoints in Redis, keyed by job id, reachable from every worker. */
export class RedisCheckpoints {
  constructor(private readonly redis: Redis) {}

  async save(jobId: string, snapshot: Snapshot): Promise<boolean> {
    const args: Array<string | Buffer> = [String(snapshot.step)];
    for (const [name, bytes] of Object.entries(snapshot.files))
      args.push(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return (await this.redis.eval(SAVE_NEWER, 1, CHECKPOINT_PREFIX + jobId, ...args)) === 1;
  }

  async load(jobId: string): Promise<Snapshot | undefined> {
    const hash = await this.redis.hgetallBuffer(CHECKPOINT_PREFIX + jobId);
    const step = hash["@step"];
    if (step === undefined) return undefined;
    const files: Record<string, Uint8Array> = {};
    for (const [name, bytes] of Object.entries(hash)) {
      if (name !== "@step") files[name] = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return { step: Number(step.toString()), files };
  }

  async step(jobId: string): Promise<number | undefined> {
    const step = await this.redis.hget(CHECKPOINT_PREFIX + jobId, "@step");
    return step === null ? undefined : Number(step);
  }

  async delete(jobId: string): Promise<void> {
    await this.redis.del(CHECKPOINT_PREFIX + jobId);
  }
}
