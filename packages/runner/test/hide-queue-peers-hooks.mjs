// Resolve hook: bullmq and ioredis (and their subpaths) are not found, with Node's own error for a
// package that is not installed, as in a project that never ran `npm install bullmq ioredis`.
const HIDDEN = /^(bullmq|ioredis)(\/|$)/;

export async function resolve(specifier, context, nextResolve) {
  const m = HIDDEN.exec(specifier);
  if (m) {
    const from = context.parentURL ? new URL(context.parentURL).pathname : "the command line";
    const e = new Error(`Cannot find package '${m[1]}' imported from ${from}`);
    e.code = "ERR_MODULE_NOT_FOUND";
    throw e;
  }
  return nextResolve(specifier, context);
}
