import { describe, expect, it } from "vitest";
import { compareRuns } from "../../test/compare-runs.js";
import { summarize } from "../stats/summary.js";
import { type FailedRun, failedRunsHtml, failedRunsText } from "./failed.js";
import { renderReport } from "./render.js";

const RESUME = "gymkit compare 'my exp.yaml' --out runs/x --resume";
const failedRuns: FailedRun[] = [
  {
    run: "dqn/seed-5",
    variant: "dqn",
    seed: 5,
    step: 12_345,
    checkpoint: 12_000,
    message: "CartPole-v1: step() returned a reward <NaN> at step 17 of its episode",
    resume: RESUME,
  },
  {
    run: "qlearning/seed-6",
    variant: "qlearning",
    seed: 6,
    step: 80,
    checkpoint: null,
    message: "out of memory",
    resume: RESUME,
  },
];

describe("failed runs in the compare report", () => {
  it("the page has a section naming each run, its variant, seed, step, checkpoint, message and the resume command; the terminal says the same", async () => {
    const runs = compareRuns();
    const summary = summarize({
      env: "CartPole-v1",
      backend: "wasm",
      versions: {},
      threshold: 475,
      runs,
    });
    const report = await renderReport({ summary, runs, threshold: 475, failedRuns, scale: 1 });
    const { html, table } = report;
    expect(html).toContain(
      '<h2 id="failed-runs">Failed runs</h2>\n<p class="failed">2 run(s) failed and are not in the statistics, the figures or the tables below: dqn/seed-5, qlearning/seed-6.</p>',
    );
    expect(html).toContain(
      '<tr><td>dqn/seed-5</td><td>dqn</td><td class="n">5</td><td class="n">12,345</td><td class="n">12,000</td><td class="msg">CartPole-v1: step() returned a reward &lt;NaN&gt; at step 17 of its episode</td></tr>',
    );
    expect(html).toContain(
      '<tr><td>qlearning/seed-6</td><td>qlearning</td><td class="n">6</td><td class="n">80</td><td class="n">none</td><td class="msg">out of memory</td></tr>',
    );
    expect(html).toContain(
      "Resume them with <code>gymkit compare &#39;my exp.yaml&#39; --out runs/x --resume</code>",
    );
    // Before the variants table: a reader sees it before any statistic.
    expect(html.indexOf("Failed runs")).toBeLessThan(html.indexOf("<h2>Variants</h2>"));
    expect(table.endsWith(`\n\n${failedRunsText(failedRuns)}`)).toBe(true);
    expect(failedRunsText(failedRuns)).toBe(
      `2 run(s) failed and are not in these statistics: dqn/seed-5, qlearning/seed-6.
  dqn/seed-5 (variant dqn, seed 5) failed after step 12,345: CartPole-v1: step() returned a reward <NaN> at step 17 of its episode; last checkpoint at step 12,000
  qlearning/seed-6 (variant qlearning, seed 6) failed after step 80: out of memory; no checkpoint yet (a resume starts it over)
Resume them with: ${RESUME}
`,
    );
  });

  it("none failed: no section, no lines", async () => {
    expect(failedRunsHtml([])).toBe("");
    expect(failedRunsText([])).toBe("");
  });

  it("runs with different resume commands: each row carries its own", () => {
    const own = failedRuns.map((f, i) => ({ ...f, resume: `${RESUME} --seed ${i}` }));
    expect(failedRunsHtml(own)).toContain("<th>resume with</th>");
    expect(failedRunsHtml(own)).toContain(
      "<td><code>gymkit compare &#39;my exp.yaml&#39; --out runs/x --resume --seed 1</code></td></tr>",
    );
    expect(failedRunsText(own)).toContain(
      "no checkpoint yet (a resume starts it over); resume with: gymkit compare 'my exp.yaml' --out runs/x --resume --seed 1\n",
    );
    expect(failedRunsText(own)).not.toContain("Resume them with");
  });
});
