/**
 * Resolve hook (module.register) that lets ES modules of a function import the bundled AWS SDK.
 *
 * On AWS the SDK lives in the runtime's own node_modules; here it is a separate directory that CommonJS
 * reaches through NODE_PATH, which `import` ignores. So when the normal resolution of a bare specifier
 * ("@aws-sdk/client-dynamodb") fails, it is retried as if imported from a file inside the SDK directory.
 * Only as a fallback: a package in the function's own node_modules always wins.
 *
 * `data.parentURL` (from bootstrap.mjs) is that file URL; it never needs to exist.
 */
let sdkParentURL;

export function initialize(data) {
  sdkParentURL = data?.parentURL;
}

// not relative ("./x", "../x", "/x", "."), not a package import ("#x"), not a URL ("node:fs", "file:///x")
const isBareSpecifier = (specifier) => !/^(?:\.{1,2}(?:\/|$)|\/|#|[a-zA-Z][a-zA-Z\d+.-]*:)/.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !sdkParentURL || !isBareSpecifier(specifier)) throw error;
    try {
      return await nextResolve(specifier, { ...context, parentURL: sdkParentURL });
    } catch {
      throw error; // report the function's own resolution failure, not ours
    }
  }
}
