/**
 * Issue 20: the JSON Schema an editor reads must agree with `gymkit`. Every config under
 * examples/ (against the schema its `# yaml-language-server: $schema=` line names) and a corpus of
 * valid and broken configs (test/schema-corpus.ts) go through both `gymkit`'s checks (everything
 * `train` does before it runs) and ajv, a JSON Schema validator nobody here wrote.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GymkitError } from "@gymkit/core";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { PLUGIN_CORPORA, type SchemaCase, STATIC_CASES, type Verdict } from "../test/schema-corpus.js";
import { planExperiment } from "./commands.js";
import { readConfigFile } from "./config-file.js";
import { builtinRegistry } from "./registry.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const STATIC_SCHEMA = join(root, "docs/gymkit.schema.json");

const validators = new Map<string, ValidateFunction>();
/**
 * ajv in strict mode, for the draft the schema declares (2020-12). Only `strictRequired` is off:
 * `anyOf: [{ required: ["env"] }, ...]` (env in the base or in every variant) names a property the
 * same subschema does not redeclare, which is standard JSON Schema.
 */
function validatorFor(schemaPath: string, allErrors = false): ValidateFunction {
  const key = `${schemaPath}|${allErrors}`;
  let validate = validators.get(key);
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as { $schema?: string };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    validate = new Ajv2020({ allErrors, strict: true, strictRequired: false, allowUnionTypes: true }).compile(
      schema,
    );
    validators.set(key, validate);
  }
  return validate;
}

const schemaVerdict = (schemaPath: string, data: unknown): Verdict =>
  validatorFor(schemaPath)(data) ? "accept" : "refuse";

/** gymkit's verdict, and its message when it refuses. A crash is not a verdict: it fails the test. */
async function gymkitVerdict(configPath: string): Promise<{ verdict: Verdict; message?: string }> {
  try {
    await planExperiment(configPath);
    return { verdict: "accept" };
  } catch (e) {
    if (!(e instanceof GymkitError)) throw e;
    return { verdict: "refuse", message: e.message };
  }
}

/** The schema a config's `# yaml-language-server: $schema=<path>` line names, as a path. */
function schemaLine(configPath: string): string | undefined {
  const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(configPath, "utf8"));
  return m ? resolve(dirname(configPath), m[1]!) : undefined;
}

function exampleConfigs(dir = join(root, "examples")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(path).isDirectory()) return exampleConfigs(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const scratch = mkdtempSync(join(tmpdir(), "gymkit-schema-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let written = 0;
function writeCase(c: SchemaCase): string {
  const path = join(scratch, `case-${written++}.yaml`);
  writeFileSync(path, stringify(c.config));
  return path;
}

/** What a schema says about a node (its own description, and those of its direct applicators). */
function describedAt(schemaPath: string, pointer: string): string {
  let node: unknown = JSON.parse(readFileSync(schemaPath, "utf8"));
  for (const key of pointer.split("/").slice(1)) node = (node as Record<string, unknown>)[key];
  return JSON.stringify(node);
}

async function expectAgreement(schemaPath: string, cases: readonly SchemaCase[]) {
  const disagreements: string[] = [];
  for (const c of cases) {
    const path = writeCase(c);
    const gymkit = await gymkitVerdict(path);
    expect(gymkit, `gymkit's verdict on "${c.name}"`).toMatchObject({ verdict: c.verdict });
    const schema = schemaVerdict(schemaPath, c.config);
    if (c.schemaCannot) {
      // The one place the schema may differ: it says so where an editor shows it.
      expect(schema, `"${c.name}": the schema is expected to differ`).not.toBe(gymkit.verdict);
      expect(describedAt(schemaPath, c.schemaCannot.where)).toContain(c.schemaCannot.why);
    } else if (schema !== gymkit.verdict) {
      disagreements.push(
        `${c.name}: gymkit ${gymkit.verdict}s${gymkit.message ? ` (${gymkit.message})` : ""}, the schema ${schema}s`,
      );
    }
  }
  expect(disagreements).toEqual([]);
}

describe("gymkit and the JSON Schema give the same verdict", () => {
  it("on every config under examples/, against the schema it names", async () => {
    const configs = exampleConfigs();
    expect(configs.length).toBeGreaterThanOrEqual(17);
    const disagreements: string[] = [];
    for (const config of configs) {
      const schema = schemaLine(config);
      expect(schema, `${relative(root, config)} names its schema`).toBeDefined();
      const gymkit = await gymkitVerdict(config);
      expect(gymkit, relative(root, config)).toEqual({ verdict: "accept" });
      const data = (await readConfigFile(config)).data;
      if (schemaVerdict(schema!, data) !== "accept") {
        disagreements.push(`${relative(root, config)}: ${JSON.stringify(validatorFor(schema!).errors?.[0])}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("on the corpus, for the static schema (built-in plugins)", async () => {
    await expectAgreement(STATIC_SCHEMA, STATIC_CASES);
  });

  for (const corpus of PLUGIN_CORPORA) {
    it(`on the corpus, for gymkit schema --plugin ${corpus.plugin} (${relative(root, corpus.dir)})`, async () => {
      await expectAgreement(join(corpus.dir, "gymkit.schema.json"), corpus.cases);
    });
  }
});

describe("an editor's first error names the real key (ajv, allErrors off and on)", () => {
  const base = { env: "CartPole-v1", agent: "dqn", budget: { steps: 1000 } };
  const first = (config: unknown, allErrors: boolean) => {
    const validate = validatorFor(STATIC_SCHEMA, allErrors);
    expect(validate(config)).toBe(false);
    const { instancePath, keyword, params } = validate.errors![0]!;
    return { instancePath, keyword, params };
  };
  const unknownKey = (instancePath: string, key: string) => ({
    instancePath,
    keyword: "additionalProperties",
    params: { additionalProperty: key },
  });
  const cases: Array<[string, unknown, ReturnType<typeof first>]> = [
    ["an unknown agent option", { ...base, agent: { kind: "dqn", lrr: 0.1 } }, unknownKey("/agent", "lrr")],
    [
      "an unknown option of a preset",
      { ...base, agent: { kind: "qlearning", batchSise: 2 } },
      unknownKey("/agent", "batchSise"),
    ],
    [
      "an unknown env option",
      { ...base, env: { id: "CartPole-v1", options: { renderMod: "ansi" } } },
      unknownKey("/env/options", "renderMod"),
    ],
    [
      "an unknown option of the agent's buffer",
      { ...base, agent: { kind: "dqn", buffer: { kind: "uniform", capasity: 10 } } },
      unknownKey("/agent/buffer", "capasity"),
    ],
    [
      "an unknown option of the agent's buffer, written without kind",
      { ...base, agent: { kind: "dqn", buffer: { capasity: 10 } } },
      unknownKey("/agent/buffer", "capasity"),
    ],
    [
      "an unknown option in a variant's agent that merges over the base",
      { ...base, variants: [{ name: "a", agent: { lrr: 0.1 } }] },
      unknownKey("/variants/0/agent", "lrr"),
    ],
    [
      "an option of the wrong type",
      { ...base, agent: { kind: "dqn", lr: "fast" } },
      { instancePath: "/agent/lr", keyword: "type", params: { type: "number" } },
    ],
    [
      "an unknown kind",
      { ...base, agent: { kind: "dqnn" } },
      {
        instancePath: "/agent/kind",
        keyword: "enum",
        params: { allowedValues: [...builtinRegistry().ids("agent")].sort() },
      },
    ],
    [
      "no env",
      { agent: "dqn", budget: { steps: 1 } },
      { instancePath: "", keyword: "required", params: { missingProperty: "env" } },
    ],
  ];
  for (const [what, config, expected] of cases) {
    it(what, () => {
      expect(first(config, false)).toEqual(expected);
      expect(first(config, true)).toEqual(expected);
    });
  }
});
