import { defaultClientConditions, defineConfig } from "vite";

/**
 * The page and its worker bundle gymkit's TypeScript sources (the `@gymkit/source` export
 * condition), so no package build comes first. No COOP/COEP headers anywhere: the page is not
 * cross-origin isolated, so tfjs-wasm uses its single-threaded SIMD build (the worker also turns
 * the threaded one off).
 */
export default defineConfig({
  base: "./",
  resolve: { conditions: ["@gymkit/source", ...defaultClientConditions] },
  worker: { format: "es" },
  build: { outDir: "dist", chunkSizeWarningLimit: 2000, target: "es2022" },
  preview: { host: "127.0.0.1" },
});
