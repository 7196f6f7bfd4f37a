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
    // Unparsable: shown as written, but never with what stands before an "@".
    return JSON.stringify(url.replace(/^([^/]*\/\/)?[^@/]*@/, (_, scheme = "") => `${scheme}***@`));
  }
}

const URL_FORMS = "redis://[user:password@]host:port[/db] or rediss://... (TLS)";

/**
 * Checks a `--queue` value: redis:// or rediss://, with a host, a port that exists and, when
 * given, a database number. `outcome` says what did not happen ("Nothing was enqueued.").
 */
export function parseQueueUrl(
  url: string,
  outcome = "Nothing was enqueued.",
): { url: string; shown: string } {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {}
  const shown = redactUrl(url);
  const refuse = (why: string) =>
    new GymkitError("GYMKIT_INVALID_ARGUMENT", `--queue ${shown}: ${why}. ${outcome}`);
  if (!u || (u.protocol !== "redis:" && u.protocol !== "rediss:") || !u.hostname) {
    throw refuse(`expected ${URL_FORMS}`);
  }
  // ioredis reads the path as the database: "/abc" became SELECT NaN, an uncaught error.
  if (!/^\/?(\d+)?$/.test(u.pathname)) {
    throw refuse(
      `the database ${JSON.stringify(u.pathname.slice(1))} is not a number; expected ${URL_FORMS}, e.g. redis://host:6379/0`,
    );
  }
  return { url, shown };
}

/** The database a queue URL names (ioredis's reading of its path), 0 when none. */
const databaseOf = (url: string): number => Number(new URL(url).pathname.slice(1) || 0);

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

/**
 * Fails fast with a clear error when Redis cannot be used at start: not reachable, a password
 * missing or refused, a database it does not have. `outcome` says what did not happen.
 */
export async function assertReachable(url: string, outcome: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  // ioredis rejects with "Connection is closed." whatever happened; the cause comes as an event.
  const seen: Error[] = [];
  probe.on("error", (e: Error) => seen.push(e));
  try {
    await probe.connect();
    await probe.ping();
    const db = databaseOf(url);
    // ioredis selects the database on connect, but a refusal only reaches its error event.
    if (db !== 0) await probe.select(db);
    if (seen.length > 0) throw seen[0];
    // A read-only replica or a full server answers PING but refuses every job: write once to know.
    await probe.set("gymkit:probe", "1", "PX", 1000);
  } catch (e) {
    const cause = seen.find((s) => !/Connection is closed/.test(s.message)) ?? (e as Error);
    const databases = /DB index is out of range/.test(cause.message) ? await databaseCount(url) : undefined;
    throw new GymkitError("GYMKIT_QUEUE_UNREACHABLE", `${redisProblem(url, cause, databases)} ${outcome}`, {
      cause,
    });
  } finally {
    probe.disconnect();
  }
}

const CONNECT_TIMEOUT_MS = 5000;

/** What went wrong with Redis at `url`, in one or two sentences that say what to do. */
export function redisProblem(url: string, e: Error, databases?: number): string {
  const shown = redactUrl(url);
  const u = new URL(url);
  const code = (e as NodeJS.ErrnoException).code;
  const message = e.message.replace(url, shown);
  const first = message.split(/[.,] /)[0]!.replace(/\.$/, "");
  if (/^NOAUTH/.test(message)) {
    return `Redis at ${shown} requires a password (NOAUTH), and the URL gives none: pass it as redis://:<password>@${u.host} (redis://<user>:<password>@... for an ACL user).`;
  }
  if (/^WRONGPASS/.test(message)) {
    return `Redis at ${shown} refused the ${u.username ? "user and password" : "password"} in the URL (WRONGPASS: invalid username-password pair or user is disabled): check them.`;
  }
  if (/DB index is out of range/.test(message)) {
    const count = databases === undefined ? "" : ` (this server has ${databases}: 0 to ${databases - 1})`;
    return `Redis at ${shown} has no database ${databaseOf(url)}${count}: ${first}. Pass a database it has, e.g. ${u.protocol}//${u.username || u.password ? "***@" : ""}${u.host}/0.`;
  }
  if (/^READONLY/.test(message)) {
    return `Redis at ${shown} is a read-only replica (${first}): pass its primary's URL.`;
  }
  if (/^OOM/.test(message)) {
    return `Redis at ${shown} is out of memory (${first}): raise its maxmemory or free keys it holds.`;
  }
  if (/^NOPERM/.test(message)) {
    return `Redis at ${shown} does not let this user run what gymkit needs (${first}): give the user access to the gymkit-runs and gymkit:* keys and to scripts (ACL).`;
  }
  if (/^LOADING/.test(message)) {
    return `Redis at ${shown} is still loading its data (${first}): try again once it is up.`;
  }
  const v6 = u.hostname.startsWith("[")
    ? ` ${u.hostname} is an IPv6 address, and a Redis bound to IPv4 only (bind 127.0.0.1) is not reachable through it: try its IPv4 address.`
    : "";
  if (code === "ECONNREFUSED") {
    return `Cannot reach Redis at ${shown}: nothing accepts connections there (${message}). Start Redis there or pass the right --queue URL (${URL_FORMS}).${v6}`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `Cannot reach Redis at ${shown}: the host ${u.hostname} was not found (${message}). Check the host name.`;
  }
  const tls =
    u.protocol === "rediss:"
      ? " rediss:// speaks TLS, which a Redis without TLS never answers: if this one has none, use redis://."
      : "";
  if (code === "ETIMEDOUT" || /ETIMEDOUT/.test(message)) {
    return `Cannot reach Redis at ${shown}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s (${message}). Check the host, the port and any firewall between.${tls}`;
  }
  if (/Unknown RESP type|Protocol error/.test(message)) {
    return `What answers at ${shown} is not Redis (${message.replace(/\. Please report this\.?$/, "")}: a reply Redis never sends, e.g. from an HTTP server): check the port.${tls}`;
  }
  return `Cannot reach Redis at ${shown}: ${message.replace(/\.$/, "")}. Start Redis there or pass the right --queue URL (${URL_FORMS}).${v6}${tls}`;
}

/** An error Redis itself replied (READONLY, OOM, NOPERM, ...), as ioredis throws it. */
export const isRedisReply = (e: unknown): e is Error => e instanceof Error && e.name === "ReplyError";

/** How many databases the server at `url` has (CONFIG GET databases), when it says. */
async function databaseCount(url: string): Promise<number | undefined> {
  const u = new URL(url);
  u.pathname = "";
  const probe = new Redis(u.href, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    const [, count] = (await probe.config("GET", "databases")) as [string, string];
    return Number.isInteger(Number(count)) ? Number(count) : undefined;
  } catch {
    return undefined; // CONFIG may be disabled, or the server unreachable: the message goes without
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
