import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, z } from "@gymkit/core";
import { clipScale, decodeAgentFiles, encodeAgentFiles, JsAdam, Mlp, prepareBackend } from "@gymkit/tfjs";
import { readAgentDir, writeAgentDir } from "@gymkit/tfjs/node";
import * as tf from "@tensorflow/tfjs-core";

await prepareBackend("auto"); // tfjs-node if installed, else wasm, else cpu; logs the choice

// Fit y = sin(x₀) + x₁/2 with a 2 → 32 → 32 → 1 tanh MLP, initialised as CleanRL's PPO does.
const rng = createRng(0);
const net = Mlp.create({ inputSize: 2, hidden: [32, 32], activation: "tanh", output: 1 }, rng.fork("init"), {
  label: "fit",
  init: (_layer, _index, isHead) => ({ kind: "orthogonal", gain: isHead ? 1 : Math.SQRT2 }),
});
const n = 128;
const xs = Float32Array.from({ length: 2 * n }, () => rng.uniform(-2, 2));
const ys = Float32Array.from({ length: n }, (_, i) => Math.sin(xs[2 * i]!) + xs[2 * i + 1]! / 2);
const x = tf.tensor3d(xs, [1, n, 2]); // rank 3: [1, rows, features]
const y = tf.tensor3d(ys, [1, n, 1]);

// Autodiff through the differentiable forward pass; Adam and clipping run in JS on the
// parameters' own arrays, then upload() sends them to the backend as new tensors.
const adam = new JsAdam(
  net.parameters().map((p) => p.length),
  { lr: 0.01 },
);
const mse = () => tf.mean(tf.square(tf.sub(net.forwardOps(x), y))) as tf.Scalar;
let first = 0;
let last = 0;
for (let step = 0; step < 300; step++) {
  const { value, grads } = net.gradients(mse);
  if (step === 0) first = value;
  last = value;
  adam.step(net.parameters(), grads, clipScale(grads, 1).scale);
  net.upload();
}

// Save as model.json + weights.bin (atomic), load into a new network.
const format = {
  format: "readme-fit",
  version: 1,
  generatedBy: "the @gymkit/tfjs README",
  metadata: z.object({ steps: z.number() }),
  describe: "a README fit",
};
const dir = join(await mkdtemp(join(tmpdir(), "gymkit-readme-")), "model");
await writeAgentDir(dir, encodeAgentFiles(format, { metadata: { steps: 300 }, float32: net.tensors() }), {
  format: format.format,
  what: "a README fit",
});
const saved = decodeAgentFiles(format, await readAgentDir(dir), dir);
const copy = new Mlp(
  net.spec,
  net.names().map((name) => saved.float32.get(name)!.values),
  "copy",
);
const same = tf.tidy(() => tf.all(tf.equal(net.forward(x), copy.forward(x))).dataSync()[0] === 1);
console.log(`mse ${first.toFixed(3)} → ${last.toFixed(4)}; reloaded from ${dir}: same outputs ${same}`);
tf.dispose([x, y]);
net.dispose();
copy.dispose();
