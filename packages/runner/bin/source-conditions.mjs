// Module resolve hook of the `gymkit` bin in a checkout: resolves @gymkit/* packages to their
// TypeScript sources (the "@gymkit/source" export condition), as `node --conditions` would, but
// registered in this process, so `gymkit` is one process (no child left behind when it is killed).
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes("@gymkit/source")
    ? context.conditions
    : ["@gymkit/source", ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}
