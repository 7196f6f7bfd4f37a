// tsyringe needs a Reflect metadata polyfill in place when it is imported. This module's body is
// only that import, and di.ts imports it before tsyringe: a bundler runs a CommonJS import
// (reflect-metadata is one) where its importer's body runs, which is after the ESM modules that
// importer imports, so importing it beside tsyringe in di.ts ran it too late in a built page
// ("tsyringe requires a reflect polyfill"). Here, no page or script has to order imports.
import "reflect-metadata";
