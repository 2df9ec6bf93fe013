// Module hooks (node:module register) that report every resolved module URL to the main thread:
// lets a test see which packages a script loads. Used by test/sdk/verify-entry.test.ts.
let port;
export function initialize(data) {
  port = data.port;
}
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}
