/**
 * The catalogue of named parts: what each slot of a run builds, and the parts plugins registered
 * for it, each with its options schema. A slot is a category (`buffer`); an id is one registered
 * implementation of it (`uniform`); configs name the id as `kind`.
 */
import type { Agent, CheckpointFiles, Schedule } from "./agent.js";
import type { ReplayBuffer } from "./buffer.js";
import type { Env } from "./env.js";
import { describeValue, didYouMean, GymkitError } from "./errors.js";
import type { Logger } from "./events.js";
import type { Registry } from "./registry.js";
import type { RunScope } from "./run-scope.js";
import type { Aliases, z } from "./schema.js";
import type { Space } from "./space.js";
import type { TargetSync } from "./target-sync.js";

/** An env of any observation/action type: one registry holds them all. */
// biome-ignore lint/suspicious/noExplicitAny: the registry cannot know each env's types
export type AnyEnv = Env<any, any>;

/** One slot: what it builds, and how messages name it. */
export interface SlotInfo<T> {
  /** `target-sync strategy`: how messages name one part of the slot. */
  readonly label: string;
  /** `target-sync strategies`. */
  readonly plural: string;
  readonly __type?: T;
}
const slot = <T>(label: string, plural = `${label}s`): SlotInfo<T> => ({ label, plural });

/** `a replay buffer`, `an agent`: the label with its article. */
export const aSlot = (s: Slot): string => `${/^[aeiou]/.test(SLOTS[s].label) ? "an" : "a"} ${SLOTS[s].label}`;

/** Every slot of a run. Adding a slot (a category of part) is one entry here. */
export const SLOTS = {
  env: slot<AnyEnv>("environment"),
  buffer: slot<ReplayBuffer>("replay buffer"),
  targetSync: slot<TargetSync>("target-sync strategy", "target-sync strategies"),
  schedule: slot<Schedule>("schedule"),
  agent: slot<Agent>("agent"),
  logger: slot<Logger>("logger"),
} as const;

/**
 * What a registered id builds, by `"slot:id"`, for TypeScript only: a plugin package augments it
 * (`declare module "@gymkit/core" { interface PartTypes { "agent:dqn": DqnAgent } }`) so that
 * `registry.create("agent", "dqn", ...)` returns a `DqnAgent` without a cast.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in plugin packages
export interface PartTypes {}

/** What `create(slot, id)` returns: the id's own type when a plugin declared it, else the slot's. */
export type PartType<S extends Slot, I extends string> = `${S}:${I}` extends keyof PartTypes
  ? PartTypes[`${S}:${I}`]
  : SlotMap[S];

/** A category of part: `env`, `buffer`, `targetSync`, `schedule`, `agent`, `logger`. */
export type Slot = keyof typeof SLOTS;
/** What a part of each slot builds. */
export type SlotMap = { [S in Slot]: NonNullable<(typeof SLOTS)[S]["__type"]> };
export const SLOT_NAMES = Object.keys(SLOTS) as Slot[];

export function assertSlot(slot: unknown): asserts slot is Slot {
  if (typeof slot !== "string" || !Object.hasOwn(SLOTS, slot)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Unknown slot ${describeValue(slot)}. Slots: ${SLOT_NAMES.join(", ")}.${typeof slot === "string" ? didYouMean(slot, SLOT_NAMES) : ""}`,
    );
  }
}

/** Another part a part takes, built before it from the config key of the same name. */
export interface Need {
  readonly slot: Slot;
  /** The spec used when the config gives none. */
  readonly default: PartSpec;
  readonly description?: string | undefined;
}

/** A part spec as configs write it: `{ kind: "uniform", capacity: 10000 }`. */
export interface PartSpec {
  readonly kind: string;
  readonly [option: string]: unknown;
}

/** The env's spaces, for parts that size themselves by them (buffers, agents). */
export interface EnvSpaces {
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
}

/** What a part's factory receives besides its options. */
export interface PartContext {
  /** Config path of the part, e.g. `agent.targetSync`: prefix for the factory's own errors. */
  readonly path: string;
  /** The id the config named (a preset's id, e.g. `qlearning`). */
  readonly id: string;
  /** The part's whole resolved spec, plain data (for what it records in checkpoints). */
  readonly spec: PartSpec;
  /** The run the part belongs to: seeds, events, step budget. */
  readonly run: RunScope;
  /** The env's spaces; throws a config error naming the part when the run has no env. */
  spaces(): EnvSpaces;
  /** A part this one declared in `needs`, already built. */
  need<T = unknown>(key: string): T;
}

/** A needed part as `check` sees it: resolved and validated, not built. */
export interface CheckedPart {
  /** The id the config named (a preset's id, or the part's). */
  readonly id: string;
  /** The registered part it resolved to (differs from `id` for a preset). */
  readonly part: string;
  /** Its config path, e.g. `agent.buffer`. */
  readonly path: string;
  /** Its validated, defaulted options (without the parts it needs). */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * What a part's `check` receives: its place, the parts it takes (resolved, not built) and what is
 * known of the run. `run.budget` is undefined when a part is checked outside a config
 * (`registry.create` without a budget).
 */
export interface CheckContext {
  /** Config path of the part, e.g. `agent`: prefix for the check's messages. */
  readonly path: string;
  readonly id: string;
  readonly spec: PartSpec;
  readonly run: { readonly budget: { readonly steps: number } | undefined };
  /** A part this one declared in `needs`. */
  need(key: string): CheckedPart;
}

/** A registered part: an id of a slot, its options schema, and its factory. */
export interface PartDefinition<S extends Slot = Slot, O extends z.ZodType = z.ZodType> {
  readonly slot: S;
  readonly id: string;
  readonly description?: string | undefined;
  /** Options, one place each: type, default, description. Use `z.strictObject` so typos fail. */
  readonly options: O;
  /** Other parts it takes, by config key (an agent's `buffer`, `targetSync`, `epsilon`). */
  readonly needs?: Readonly<Record<string, Need>> | undefined;
  /** Names users bring from other libraries, mapped to where the value goes here. */
  readonly aliases?: Aliases | undefined;
  /**
   * Checks what its own schema cannot: its options against the parts it takes and the run's budget
   * (a batch larger than the buffer, a learning start beyond the budget). Run when a config is
   * resolved, before anything is built or written, so a bad combination fails with its config
   * path before a run starts. Throw a `GymkitError` whose message starts `Invalid config at <path>`.
   */
  readonly check?: ((options: z.output<O>, context: CheckContext) => void) | undefined;
  /**
   * Asynchronous set-up the part needs before `create` can run (a TensorFlow.js backend, a wasm
   * module). `compose` awaits the `prepare` of every part of a run, and the env registration's,
   * before it creates anything; factories stay synchronous.
   */
  readonly prepare?: ((options: z.output<O>, context: PrepareContext) => Promise<void>) | undefined;
  create(options: z.output<O>, context: PartContext): SlotMap[S];
  /**
   * Rebuilds a part from the files its `checkpoint()` wrote, alone (Stable-Baselines3's
   * `DQN.load(path)`): how `gymkit eval`, saved models and bundles get an agent back without the
   * runner knowing its package. The part prepares what it needs itself.
   */
  readonly load?: ((files: CheckpointFiles, context: LoadContext) => Promise<SlotMap[S]>) | undefined;
}

/** What a part's `prepare` receives besides its options. */
export interface PrepareContext {
  /** Config path of the part, e.g. `agent`. */
  readonly path: string;
  readonly id: string;
}

/** What a part's `load` receives besides the files. */
export interface LoadContext {
  /** Builds the parts the loaded one takes (a buffer, a schedule) from the same plugins. */
  readonly registry: Registry;
  /** The id it is loaded as (a preset's id, or the part's). */
  readonly id: string;
  /** Where the files came from, for messages (a directory, a bundle file). */
  readonly source: string | undefined;
  /**
   * The part's spec as the run that saved it recorded it (its manifest's config), when known:
   * options such as `backend` that say how to load it.
   */
  readonly spec: PartSpec | undefined;
}

/** A part as stored: its definition and the plugin that registered it. */
export interface RegisteredPart extends PartDefinition {
  readonly plugin: string | undefined;
}

/** Identity helper that infers the options type of a part from its schema. */
export const definePart = <S extends Slot, O extends z.ZodType>(
  part: PartDefinition<S, O>,
): PartDefinition<S, O> => part;

/** A named config fragment merged under what the user wrote (`qlearning` = `dqn` + fragment). */
export interface PresetDefinition {
  readonly slot: Slot;
  readonly id: string;
  /** The registered part it configures. */
  readonly base: string;
  /** Options, and the specs of needed parts, that the user's config overrides. */
  readonly fragment: Readonly<Record<string, unknown>>;
  readonly description?: string | undefined;
}

export interface RegisteredPreset extends PresetDefinition {
  readonly plugin: string | undefined;
}

export const definePreset = (preset: PresetDefinition): PresetDefinition => preset;
