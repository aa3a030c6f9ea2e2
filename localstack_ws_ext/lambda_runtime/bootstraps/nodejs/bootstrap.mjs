/**
 * Node.js runtime of the Docker-less Lambda executor (nodejs18.x, nodejs20.x, nodejs22.x).
 *
 * Runs as `node bootstrap.mjs` inside the function's execution environment, with the function code as cwd.
 * It behaves like AWS's runtime interface client (aws-lambda-nodejs-runtime-interface-client, v3, the one
 * those runtimes ship): same handler resolution, context object, console format, callback semantics and
 * error payloads. Instead of the Runtime API it talks to the executor over two pipes carrying
 * newline-delimited JSON: fd 3 brings `invoke` messages, fd 4 takes ours (`ready`, `init_error`,
 * `response`, `error`). stdout/stderr are the function's log stream.
 *
 * Only Node's standard library is used: the function's module resolution must stay its own.
 */
import dns from 'node:dns';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

const require = createRequire(import.meta.url);

// fds of the control pipes; _LOCALSTACK_RUNTIME_FDS="<in>,<out>" (as the Python bootstrap reads it) may move them
const [CONTROL_IN, CONTROL_OUT] = (process.env._LOCALSTACK_RUNTIME_FDS || '3,4').split(',').map(Number);
delete process.env._LOCALSTACK_RUNTIME_FDS;

/** Write one message to the executor. Synchronous, so it is ordered after everything already logged. */
function send(message) {
  const data = Buffer.from(JSON.stringify(message) + '\n', 'utf8');
  for (let offset = 0; offset < data.length; ) {
    try {
      offset += fs.writeSync(CONTROL_OUT, data, offset);
    } catch (error) {
      if (error.code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // non-blocking pipe full: wait 1 ms
      } else if (error.code === 'EPIPE' || error.code === 'EBADF') {
        process.exit(0); // the executor is gone
      } else {
        throw error;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Errors, as the RIC's Errors.js builds them

class ImportModuleError extends Error {}
class HandlerNotFound extends Error {}
class MalformedHandlerName extends Error {}
class UserCodeSyntaxError extends Error {}
class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason); // the message is String(reason), e.g. "Error: boom"
    this.reason = reason;
    this.promise = promise;
  }
}
class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a ' +
        'Promise that was never settled. For more information, see ' +
        'https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
// on the prototype, so that each stack starts with it: "Runtime.ImportModuleError: Error: Cannot find module"
for (const cls of [ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError,
  UnhandledPromiseRejection, NodeJsExit]) {
  cls.prototype.name = `Runtime.${cls.name}`;
}

const isErrorLike = (obj) =>
  obj && typeof obj.name === 'string' && obj.name && typeof obj.message === 'string' && obj.message &&
  typeof obj.stack === 'string' && obj.stack;

/** The error payload AWS reports: {errorType, errorMessage, trace}; a thrown non-Error gets its typeof. */
function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

const intoError = (err) => (err instanceof Error ? err : new Error(err));

/** "\t" + the error as JSON with its non-enumerable name/message/stack, as logged after "Invoke Error". */
function toFormatted(error) {
  const withEnumerableProperties = (value) => {
    if (!(value instanceof Error)) return value;
    const ret = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
    if (typeof value.stack === 'string') ret.stack = value.stack.split('\n');
    return ret;
  };
  try {
    return '\t' + JSON.stringify(error, (_key, value) => withEnumerableProperties(value));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

// ---------------------------------------------------------------------------------------------------------
// console, as the RIC's LogPatch.js patches it (writing to stdout, no telemetry fd)

const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId'); // same global key as the RIC
const LEVELS = {
  TRACE: { name: 'TRACE', priority: 1 },
  DEBUG: { name: 'DEBUG', priority: 2 },
  INFO: { name: 'INFO', priority: 3 },
  WARN: { name: 'WARN', priority: 4 },
  ERROR: { name: 'ERROR', priority: 5 },
  FATAL: { name: 'FATAL', priority: 6 },
};
const JSON_FORMAT = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';

function jsonErrorReplacer(_key, value) {
  if (!(value instanceof Error)) return value;
  return Object.assign(
    {
      errorType: value?.constructor?.name ?? 'UnknownError',
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
    },
    value,
  );
}

function formatJson(requestId, timestamp, level, ...params) {
  const record = { timestamp, level: level.name, requestId };
  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, jsonErrorReplacer);
    } catch {
      record.message = util.format(record.message);
      return JSON.stringify(record);
    }
  }
  record.message = util.format(...params);
  const error = params.find((param) => param instanceof Error);
  if (error) {
    record.errorType = error?.constructor?.name ?? 'UnknownError';
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
  }
  return JSON.stringify(record);
}

/**
 * One record per call: `${time}\t${requestId}\t${LEVEL}\t${message}`. As the RIC does on stdout, newlines
 * inside a message become "\r", so a multi-line message (a stack trace, ...) stays one log line.
 */
function log(level, ...params) {
  const time = new Date().toISOString();
  const requestId = globalThis[REQUEST_ID];
  const line = JSON_FORMAT
    ? formatJson(requestId, time, level, ...params)
    : `${time}\t${requestId}\t${level.name}\t${util.format(...params)}`;
  process.stdout.write(line.replace(/\n/g, '\r') + '\n');
}

function patchConsole() {
  const minimum = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const logger = (level) => (level.priority >= minimum.priority ? (...params) => log(level, ...params) : () => {});
  console.trace = logger(LEVELS.TRACE); // no stack trace, as on AWS
  console.debug = logger(LEVELS.DEBUG);
  console.info = logger(LEVELS.INFO);
  console.log = console.info;
  console.warn = logger(LEVELS.WARN);
  console.error = logger(LEVELS.ERROR);
  console.fatal = (...params) => log(LEVELS.FATAL, ...params);
}

/** How the RIC logs "Invoke Error", "Uncaught Exception", ...: an ERROR record. */
function logError(title, error) {
  try {
    if (JSON_FORMAT) console.error(intoError(error));
    else console.error(title, toFormatted(intoError(error)));
  } catch {
    console.error(title); // e.g. a thrown Symbol, which new Error() refuses
  }
}

// ---------------------------------------------------------------------------------------------------------
// The AWS SDK for ES modules

/**
 * On AWS the SDK sits in the runtime's global node_modules. CommonJS code finds ours through NODE_PATH, but
 * `import` ignores NODE_PATH, so a resolve hook retries bare specifiers from inside the SDK directory when
 * the normal resolution (the function's own node_modules first) fails. module.register exists from Node
 * 18.19 / 20.6; without it ES modules only see their own dependencies.
 */
function registerSdkResolveHook() {
  const sdkDir = process.env.LOCALSTACK_WS_EXT_NODE_SDK;
  if (!sdkDir || !fs.existsSync(sdkDir) || typeof Module.register !== 'function') return;
  Module.register('./sdk-resolve-hooks.mjs', import.meta.url, {
    data: { parentURL: pathToFileURL(path.join(sdkDir, 'sdk-resolve-parent.mjs')).href },
  });
}

/**
 * LocalStack's own hostnames (`*.localhost.localstack.cloud`: SQS queue URLs, execute-api hosts) resolve to
 * LocalStack, as LocalStack's DNS server makes them resolve inside Docker Lambdas. The host may have no DNS for
 * them, so lookups of these names are answered here; all others go to the system resolver.
 */
function resolveLocalStackHostnames() {
  const domains = (process.env._LOCALSTACK_RESOLVE_DOMAINS || '').split(',').filter(Boolean);
  const address = process.env._LOCALSTACK_RESOLVE_ADDRESS;
  delete process.env._LOCALSTACK_RESOLVE_DOMAINS;
  delete process.env._LOCALSTACK_RESOLVE_ADDRESS;
  if (!domains.length || !address) return;
  const isLocalStack = (name) =>
    typeof name === 'string' && domains.some((domain) => name === domain || name.endsWith('.' + domain));
  const family = net.isIPv6(address) ? 6 : 4;
  const systemLookup = dns.lookup;
  dns.lookup = function lookup(hostname, options, callback) {
    if (!isLocalStack(hostname)) return systemLookup.apply(this, arguments);
    if (typeof options === 'function') [callback, options] = [options, {}];
    const all = typeof options === 'object' && options?.all;
    process.nextTick(() => (all ? callback(null, [{ address, family }]) : callback(null, address, family)));
    return {};
  };
  const systemPromiseLookup = dns.promises.lookup;
  dns.promises.lookup = async (hostname, options) =>
    isLocalStack(hostname)
      ? options?.all ? [{ address, family }] : { address, family }
      : systemPromiseLookup(hostname, options);
}

// ---------------------------------------------------------------------------------------------------------
// Loading the handler, as the RIC's UserFunction.js does

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;

/** Nearest package.json decides whether a .js file is an ES module; a node_modules folder ends the search. */
function hasTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const packageJson = path.join(folder, 'package.json');
  if (fs.existsSync(packageJson)) {
    try {
      return JSON.parse(fs.readFileSync(packageJson, 'utf8'))?.type === 'module';
    } catch (error) {
      console.warn(`${packageJson} cannot be read, it will be ignored for ES module detection purposes.`, error);
      return false;
    }
  }
  return folder === '/' ? false : hasTypeModule(path.resolve(folder, '..'));
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const tryRequire = (file) => (fs.existsSync(file) ? require(file) : undefined);
  const tryImport = async (file) => (fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined);
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  try {
    const extensionless = tryRequire(base); // also a directory: its package.json "main" or index.js
    if (extensionless) return extensionless;
    const typeModule = hasTypeModule(path.dirname(base));
    const loaded =
      (!typeModule && tryRequire(base + '.js')) ||
      (typeModule && (await tryImport(base + '.js'))) ||
      (await tryImport(base + '.mjs')) ||
      tryRequire(base + '.cjs');
    if (loaded) return loaded;
    // like require(moduleName) from the code directory: node_modules packages, NODE_PATH
    return require(require.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(error);
    if (error?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(error);
    throw error; // an ES module's missing import (ERR_MODULE_NOT_FOUND) stays a plain Error, as on AWS
  }
}

/** `_HANDLER` = "<dir/>module.export.path", resolved against LAMBDA_TASK_ROOT. */
async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = handlerString.match(FUNCTION_EXPR);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, handlerPath] = match;
  const userApp = await loadModule(appRoot, moduleRoot, moduleName);
  const handler = handlerPath.split('.').reduce((nested, key) => nested && nested[key], userApp);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

// ---------------------------------------------------------------------------------------------------------
// The control channel

/**
 * Reads newline-delimited JSON from fd 3 and exits as soon as it ends. It is a net.Socket so that it can be
 * unref'd during an invoke: then 'beforeExit' tells when the function's event loop is empty, which is what
 * AWS waits for after callback() (callbackWaitsForEmptyEventLoop) and what completes a handler that neither
 * calls back nor returns a promise.
 */
function openControlChannel(onMessage) {
  let stream;
  try {
    stream = new net.Socket({ fd: CONTROL_IN, readable: true, writable: false, allowHalfOpen: true });
  } catch {
    stream = fs.createReadStream(null, { fd: CONTROL_IN, autoClose: false }); // not a pipe: cannot unref
  }
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    let from = buffered.length; // a large payload comes in many chunks: look for '\n' in the new one only
    buffered += chunk;
    for (let end; (end = buffered.indexOf('\n', from)) >= 0; from = 0) {
      const line = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (!line) continue;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        process.stderr.write(`bootstrap: ignoring a control message that is not JSON: ${line.slice(0, 200)}\n`);
        continue;
      }
      onMessage(message);
    }
  });
  const exit = () => process.exit(0);
  stream.on('end', exit);
  stream.on('error', exit);
  return { ref: () => stream.ref?.(), unref: () => stream.unref?.() };
}

// ---------------------------------------------------------------------------------------------------------
// Invokes, as the RIC's Runtime.js and CallbackContext.js run them

let handler;
let handlerIsAsync = false;
let ready = false;
let control;
let current = null; // the invoke in flight: {id, reply(message), onEmptyEventLoop}
const pending = [];

function nextInvoke() {
  if (!current && pending.length) startInvoke(pending.shift());
}

// The process's peak resident memory ("Max Memory Used"), read here rather than by LocalStack, whose process it
// would cost per invocation. VmHWM, not resourceUsage().maxRSS: Linux carries that over exec, from LocalStack.
function peakMemoryKb() {
  try {
    const match = /VmHWM:\s*(\d+)/.exec(fs.readFileSync('/proc/self/status', 'latin1'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function startInvoke(message) {
  const id = message['invoke-id'];
  const invoke = { id, onEmptyEventLoop: null, replied: false };
  invoke.reply = (reply) => {
    if (invoke.replied) return;
    invoke.replied = true;
    send({ ...reply, 'invoke-id': id, 'max-rss-kb': peakMemoryKb() });
    if (current === invoke) {
      current = null;
      control.ref();
      setImmediate(nextInvoke);
    }
  };
  current = invoke;
  control.unref();
  globalThis[REQUEST_ID] = id; // stays set after the invoke, as on AWS
  if (message['trace-id']) process.env._X_AMZN_TRACE_ID = message['trace-id'];
  else delete process.env._X_AMZN_TRACE_ID;

  const postError = (error) => {
    logError('Invoke Error', error);
    invoke.reply({ type: 'error', error: toRapidResponse(error) });
  };
  let completed = false;
  const complete = (result) => {
    if (completed) {
      console.error(
        'Invocation has already been reported as done. Cannot call complete more than once per invocation.',
      );
      return;
    }
    completed = true;
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch {
      return postError(new Error('Unable to stringify response body')); // what the RIC reports
    }
    invoke.reply({ type: 'response', payload });
  };

  // callback(err, result) waits for the empty event loop unless callbackWaitsForEmptyEventLoop is false;
  // done/succeed/fail (and a returned promise) complete at once. Only the first of them counts.
  let waitForEmptyEventLoop = true;
  const callback = (err, result) => {
    invoke.onEmptyEventLoop = null;
    if (err !== undefined && err !== null) postError(err);
    else if (!waitForEmptyEventLoop) complete(result);
    else invoke.onEmptyEventLoop = () => complete(result);
  };
  const done = (err, result) => {
    invoke.onEmptyEventLoop = null;
    if (err !== undefined && err !== null) postError(err);
    else complete(result);
  };
  let finished = false;
  const firstCallOnly = (fn) =>
    function (...args) {
      if (!finished) {
        fn(...args);
        finished = true;
      }
    };

  // nothing left to run and no result: AWS fails an async handler and returns null for any other
  invoke.onEmptyEventLoop = () => {
    completed = true;
    if (handlerIsAsync) postError(new NodeJsExit());
    else invoke.reply({ type: 'response', payload: 'null' });
  };

  const wrappedCallback = firstCallOnly(callback);
  const deadline =
    Number(message['deadline-ms']) || Date.now() + Number(process.env.AWS_LAMBDA_FUNCTION_TIMEOUT || 3) * 1000;
  try {
    const context = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
      succeed: firstCallOnly((result) => done(null, result)),
      fail: firstCallOnly((err) => (err === undefined || err === null ? done('handled') : done(err, null))),
      done: firstCallOnly(done),
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      clientContext: parseOptionalJson(message['client-context'], 'ClientContext'),
      identity: parseOptionalJson(message['cognito-identity'], 'CognitoIdentity'),
      invokedFunctionArn: message['invoked-function-arn'],
      awsRequestId: id,
      tenantId: message['tenant-id'],
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    const event = typeof message.payload === 'string' ? JSON.parse(message.payload) : message.payload;
    const result = handler(event, context, wrappedCallback);
    if (result && typeof result.then === 'function') {
      result.then(context.succeed, context.fail).catch(context.fail);
    }
  } catch (error) {
    wrappedCallback(error); // a synchronous throw, or an event that is not JSON
  }
}

function parseOptionalJson(value, name) {
  if (value === undefined || value === null || typeof value === 'object') return value ?? undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`Cannot parse ${name} as json: ${error.toString()}`);
  }
}

/**
 * The event loop ran empty while an invoke is in flight (the control channel is unref'd then): complete it
 * the way AWS does at that point. Outside an invoke the control channel keeps the loop alive.
 */
process.on('beforeExit', () => {
  const onEmptyEventLoop = current?.onEmptyEventLoop;
  if (current) current.onEmptyEventLoop = null;
  if (onEmptyEventLoop) onEmptyEventLoop();
  else control?.ref();
});

/** An error nobody caught fails the invoke in flight (or the init) and ends the process, as on AWS. */
function fail(error) {
  if (!ready) send({ type: 'init_error', error: toRapidResponse(error) });
  else if (current) current.reply({ type: 'error', error: toRapidResponse(error) });
  process.exit(1); // AWS exits with 129 (exception) / 128 (rejection); the executor restarts the runtime
}

process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  fail(error);
});

process.on('unhandledRejection', (reason, promise) => {
  let error;
  try {
    error = new UnhandledPromiseRejection(reason, promise);
  } catch {
    error = new UnhandledPromiseRejection(util.inspect(reason), promise); // reason without toString()
  }
  logError('Unhandled Promise Rejection', error);
  fail(error);
});

// ---------------------------------------------------------------------------------------------------------

patchConsole();
resolveLocalStackHostnames();
registerSdkResolveHook();
control = openControlChannel((message) => {
  if (message?.type !== 'invoke') return;
  pending.push(message);
  if (ready) nextInvoke();
});
try {
  const appRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  handler = await loadHandler(appRoot, process.env._HANDLER || '');
  handlerIsAsync = handler.constructor?.name === 'AsyncFunction';
} catch (error) {
  logError('Uncaught Exception', error);
  send({ type: 'init_error', error: toRapidResponse(error) });
  process.exit(1);
}
ready = true;
send({ type: 'ready' });
nextInvoke();
