import { describe, expect, it } from "vitest";
import { GymkitError } from "./errors.js";
import {
  describeNumberRule,
  invalidConfig,
  optionsRecord,
  parseBooleanOption,
  parseChoiceOption,
  parseKindSpec,
  parseNumberOption,
  rejectUnknownOptions,
} from "./options.js";

/** The error `fn` throws; fails the test when it throws none or not a config error. */
function thrown(fn: () => unknown): GymkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GymkitError);
    expect((e as GymkitError).code).toBe("GYMKIT_INVALID_CONFIG");
    return e as GymkitError;
  }
  throw new Error("expected a GymkitError, nothing was thrown");
}

const message = (fn: () => unknown): string => thrown(fn).message;

describe("invalidConfig", () => {
  it("names the path, what is allowed and the bad value, then the hint", () => {
    const e = invalidConfig("buffer.capacity", "an integer >= 1", -1);
    expect(e).toBeInstanceOf(GymkitError);
    expect(e.code).toBe("GYMKIT_INVALID_CONFIG");
    expect(e.message).toBe("Invalid config at buffer.capacity: expected an integer >= 1, got -1.");
    expect(invalidConfig("a.b", "a string", { x: 1 }, "Pass a name.").message).toBe(
      'Invalid config at a.b: expected a string, got {"x":1}. Pass a name.',
    );
    // didYouMean's leading space is not doubled.
    expect(invalidConfig("a", "x", "y", ' Did you mean "x"?').message).toBe(
      'Invalid config at a: expected x, got "y". Did you mean "x"?',
    );
  });
});

describe("optionsRecord", () => {
  it("takes undefined as no options and returns objects as they are", () => {
    expect(optionsRecord(undefined, "agent")).toEqual({});
    const o = { gamma: 0.9 };
    expect(optionsRecord(o, "agent")).toBe(o);
  });

  it.each([
    [null, "null"],
    [3, "3"],
    ["x", '"x"'],
    [[1], "[1]"],
  ])("rejects %j", (input, shown) => {
    expect(message(() => optionsRecord(input, "agent"))).toBe(
      `Invalid config at agent: expected an object of options, got ${shown}.`,
    );
  });
});

describe("rejectUnknownOptions", () => {
  const allowed = ["capacity", "replacement"];

  it("accepts known keys", () => {
    expect(() => rejectUnknownOptions({ capacity: 1, replacement: true }, allowed, "buffer")).not.toThrow();
  });

  it("names the unknown key, the close match and every allowed key", () => {
    expect(message(() => rejectUnknownOptions({ capacty: 1 }, allowed, "buffer"))).toBe(
      'Invalid config at buffer: unknown option "capacty". Did you mean "capacity"? Allowed options: capacity, replacement.',
    );
    expect(
      message(() =>
        rejectUnknownOptions({ zzz: 1 }, allowed, "buffer", { owner: 'replay buffer "uniform"' }),
      ),
    ).toBe(
      'Invalid config at buffer: unknown option "zzz" for replay buffer "uniform". Allowed options: capacity, replacement.',
    );
    expect(message(() => rejectUnknownOptions({ every: 1 }, [], "targetSync(none)"))).toBe(
      'Invalid config at targetSync(none): unknown option "every". It takes no options.',
    );
  });

  it("tolerates `kind` only when asked, and a named kind only when it matches", () => {
    expect(message(() => rejectUnknownOptions({ kind: "uniform" }, allowed, "buffer"))).toBe(
      'Invalid config at buffer: unknown option "kind". Allowed options: capacity, replacement.',
    );
    expect(() =>
      rejectUnknownOptions({ kind: "x" }, allowed, "buffer", { tolerateKind: true }),
    ).not.toThrow();
    expect(() =>
      rejectUnknownOptions({ kind: "uniform" }, allowed, "buffer", { tolerateKind: "uniform" }),
    ).not.toThrow();
    expect(
      message(() => rejectUnknownOptions({ kind: "online" }, allowed, "buffer", { tolerateKind: "uniform" })),
    ).toBe('Invalid config at buffer.kind: expected "uniform" or no kind, got "online".');
  });
});

describe("parseNumberOption", () => {
  it("accepts numbers within the rule and uses the fallback only for undefined", () => {
    expect(parseNumberOption(0.5, "x")).toBe(0.5);
    expect(parseNumberOption(-1e300, "x")).toBe(-1e300);
    expect(parseNumberOption(0, "x", { min: 0, max: 1 })).toBe(0);
    expect(parseNumberOption(1, "x", { min: 0, max: 1 })).toBe(1);
    expect(parseNumberOption(3, "x", { min: 1, integer: true })).toBe(3);
    expect(parseNumberOption(undefined, "x", { min: 1, fallback: 7 })).toBe(7);
    expect(parseNumberOption(2, "x", { fallback: 7 })).toBe(2);
  });

  it.each([
    [undefined, {}, "expected a number, got undefined"],
    ["1", {}, 'expected a number, got "1"'],
    [null, { fallback: 1 }, "expected a number, got null"],
    [Number.NaN, {}, "expected a number, got NaN"],
    [Number.POSITIVE_INFINITY, {}, "expected a number, got Infinity"],
    [-0.1, { min: 0, max: 10 }, "expected a number >= 0 and <= 10, got -0.1"],
    [10.5, { min: 0, max: 10 }, "expected a number >= 0 and <= 10, got 10.5"],
    [0, { min: 0, minExclusive: true, max: 1 }, "expected a number > 0 and <= 1, got 0"],
    [1, { min: 0, max: 1, maxExclusive: true }, "expected a number >= 0 and < 1, got 1"],
    [0, { min: 0, minExclusive: true, max: Number.POSITIVE_INFINITY }, "expected a number > 0, got 0"],
    [1.5, { integer: true }, "expected an integer, got 1.5"],
    [2 ** 53, { integer: true }, "expected an integer, got 9007199254740992"],
    [0, { min: 1, integer: true }, "expected an integer >= 1, got 0"],
    [5, { max: 4, integer: true }, "expected an integer <= 4, got 5"],
  ])("rejects %s under %j", (value, rule, expected) => {
    expect(message(() => parseNumberOption(value, "agent.gamma", rule))).toBe(
      `Invalid config at agent.gamma: ${expected}.`,
    );
  });

  it("describes rules as the messages do", () => {
    expect(describeNumberRule({})).toBe("a number");
    expect(describeNumberRule({ min: 1, max: 65536, integer: true })).toBe("an integer >= 1 and <= 65536");
  });
});

describe("parseBooleanOption", () => {
  it("accepts booleans and falls back on undefined", () => {
    expect(parseBooleanOption(true, "x")).toBe(true);
    expect(parseBooleanOption(false, "x", true)).toBe(false);
    expect(parseBooleanOption(undefined, "x", true)).toBe(true);
  });

  it.each([
    ["yes", '"yes"'],
    [1, "1"],
    [undefined, "undefined"],
  ])("rejects %j", (value, shown) => {
    expect(message(() => parseBooleanOption(value, "buffer.replacement"))).toBe(
      `Invalid config at buffer.replacement: expected true or false, got ${shown}.`,
    );
  });
});

describe("parseChoiceOption", () => {
  const losses = ["mse", "huber"] as const;

  it("accepts an allowed string and falls back on undefined", () => {
    expect(parseChoiceOption("mse", losses, "agent.loss")).toBe("mse");
    expect(parseChoiceOption(undefined, losses, "agent.loss", "huber")).toBe("huber");
  });

  it("lists the choices and names the closest", () => {
    expect(message(() => parseChoiceOption("hubber", losses, "agent.loss"))).toBe(
      'Invalid config at agent.loss: expected one of "mse", "huber", got "hubber". Did you mean "huber"?',
    );
    expect(message(() => parseChoiceOption("l1", losses, "agent.loss"))).toBe(
      'Invalid config at agent.loss: expected one of "mse", "huber", got "l1".',
    );
    expect(message(() => parseChoiceOption(2, losses, "agent.loss"))).toBe(
      'Invalid config at agent.loss: expected one of "mse", "huber", got 2.',
    );
  });
});

describe("parseKindSpec", () => {
  it("splits the kind from a copy of the options", () => {
    const spec = { kind: "uniform", capacity: 10 };
    const parsed = parseKindSpec(spec, "agent.buffer");
    expect(parsed).toEqual({ kind: "uniform", options: { capacity: 10 } });
    parsed.options.capacity = 20;
    expect(spec.capacity).toBe(10);
  });

  it("needs an object with a non-empty string kind", () => {
    expect(message(() => parseKindSpec({ capacity: 10 }, "agent.buffer"))).toBe(
      "Invalid config at agent.buffer.kind: expected a registered kind name (a non-empty string), got undefined.",
    );
    expect(message(() => parseKindSpec({ kind: "" }, "agent.buffer"))).toBe(
      'Invalid config at agent.buffer.kind: expected a registered kind name (a non-empty string), got "".',
    );
    expect(message(() => parseKindSpec("uniform", "agent.buffer"))).toBe(
      'Invalid config at agent.buffer: expected an object of options, got "uniform".',
    );
  });
});
