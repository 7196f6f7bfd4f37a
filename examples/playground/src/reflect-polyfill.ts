/**
 * Imported first by the page and the worker. core's di.ts imports `reflect-metadata` (CommonJS)
 * before `tsyringe` (ESM), but a bundler runs a CommonJS import where its importer's body runs,
 * which is after the ESM modules it imports: the built page threw "tsyringe requires a reflect
 * polyfill". A module whose body is only this import runs before anything else.
 */
import "reflect-metadata";
