import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  formatProbabilityCi,
  formatScore,
  formatScoreCi,
  formatSeconds,
  formatSteps,
  plainText,
} from "./format.js";
import { inlineSvg } from "./html.js";

describe("report formatting", () => {
  it("returns get 0, 1 or 2 decimals by size; an interval takes its point's decimals", () => {
    expect([500, 458.77, 21.33, 9.847, 0].map((x) => formatScore(x))).toEqual([
      "500",
      "459",
      "21.3",
      "9.85",
      "0.00",
    ]);
    expect(formatScore(-0.001)).toBe("0.00"); // never "-0.00"
    expect(formatScore(null)).toBe("-");
    expect(formatScore(Number.NaN)).toBe("-");
    expect(formatScoreCi(21.3, [12.06, 35])).toBe("21.3 [12.1, 35.0]");
    expect(formatScoreCi(500, [497.6, 500])).toBe("500 [498, 500]");
    expect(formatProbabilityCi(0.981, [0.934, 1])).toBe("0.98 [0.93, 1.00]");
  });

  it("steps are grouped in thousands, seconds have one decimal", () => {
    expect([0, 999, 1000, 42_000, 1_234_567, -5000].map(formatSteps)).toEqual([
      "0",
      "999",
      "1,000",
      "42,000",
      "1,234,567",
      "-5,000",
    ]);
    expect(formatSteps(null)).toBe("-");
    expect(formatSeconds(61.25)).toBe("61.3");
    expect(formatSeconds(null)).toBe("-");
  });

  it("escapes HTML and strips terminal control characters", () => {
    expect(escapeHtml(`<b a="1" b='2'>&amp;</b>`)).toBe(
      "&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;amp;&lt;/b&gt;",
    );
    expect(plainText("dqn\u001b[31m\nred")).toBe("dqn?[31m?red");
  });

  it("inlineSvg prefixes ids and their references in tags only, never in text", () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/><text>id="clip1" url(#clip1)</text></g></svg>';
    expect(inlineSvg(svg, "fig")).toBe(
      '<svg><defs><clipPath id="fig-clip1"><rect/></clipPath></defs><g clip-path="url(#fig-clip1)"><use href="#fig-clip1"/><text>id="clip1" url(#clip1)</text></g></svg>',
    );
  });
});
