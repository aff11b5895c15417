// worker.mjs: the piscina worker of ThreadPoolExecutor (plain JS: it runs as-is in a worker
// thread). A task names its function by module and export, since functions cannot cross threads.
// The outcome always comes back as a value, never as a throw, so that nothing is lost on the way:
//   { v: result }          the function returned a primitive
//   bytes (a Uint8Array)   it returned an object, serialized here (v8.serialize: Buffers stay Buffers) and moved
//                          to the main thread without a copy: a value that cannot be serialized
//                          is caught here, where it can be named, at no extra cost (piscina moves
//                          only a top-level result, hence no wrapper)
//   { e: encoded error }   it threw an Error: name, message, stack, cause and own properties (code…)
//   { t: thrown value }    it threw something else (null, a string, an object…)
//   { c: message }         what it returned or threw cannot be copied to the main thread
// (piscina would pass a throw of null as a success, and an uncloneable result as a bare {}).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { move } from 'piscina';

export default async function run({ module, name, args }) {
  let value;
  try {
    const mod = await load(module);
    const fn = mod[name];
    if (typeof fn !== 'function') throw new TypeError(`ThreadPoolExecutor: ${module} has no function export ${JSON.stringify(name)}`);
    value = await fn(...args);
  } catch (e) {
    return failure(e);
  }
  if (value === null || typeof value !== 'object') {
    const problem = uncloneable(value); // a function or a symbol
    return problem === null ? { v: value } : { c: `the result ${problem}` };
  }
  let bytes;
  try {
    bytes = serialize(value);
  } catch {
    // v8.serialize refuses a few things postMessage copies (node's KeyObject, BlockList, …): ask the real algorithm.
    const problem = uncloneable(value);
    return problem === null ? { v: value } : { c: `the result ${problem}` };
  }
  return move(bytes);
}

// ---- what crosses back ----

/** Why `value` cannot be structured-cloned ('could not be cloned…'), or null if it can. */
function uncloneable(value) {
  // Why not always check: a check is a full copy. Primitives and bytes are always cloneable.
  if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) return null;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  try {
    structuredClone(value);
    return null;
  } catch (e) {
    return `cannot be copied to the main thread (${e instanceof Error ? e.message : String(e)})`;
  }
}

function failure(e) {
  if (e instanceof Error) return { e: encodeError(e, 0) };
  const problem = uncloneable(e);
  return problem === null ? { t: e } : { c: `the value it threw (${typeof e === 'symbol' ? e.toString() : typeof e}) ${problem}` };
}

function encodeError(e, depth) {
  const out = { name: e.name, message: e.message, stack: e.stack, props: {} };
  // Own properties (code, errno, syscall, path, …) that can be copied.
  for (const key of Object.keys(e)) {
    if (key === 'cause' || key === 'errors') continue;
    if (uncloneable(e[key]) === null) out.props[key] = e[key];
  }
  if ('cause' in e && depth < 8) out.cause = e.cause instanceof Error ? { e: encodeError(e.cause, depth + 1) } : uncloneable(e.cause) === null ? { t: e.cause } : { c: String(e.cause) };
  if (Array.isArray(e.errors) && depth < 8) out.errors = e.errors.map((x) => (x instanceof Error ? { e: encodeError(x, depth + 1) } : uncloneable(x) === null ? { t: x } : { c: String(x) }));
  return out;
}

// ---- loading the module, TypeScript included ----

const TYPESCRIPT = /\.[cm]?tsx?$/i;
const tsModules = new Map();

async function load(module) {
  try {
    return await import(module);
  } catch (e) {
    if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !TYPESCRIPT.test(new URL(module, 'file:///').pathname)) throw e;
    let mod = tsModules.get(module);
    if (mod === undefined) {
      mod = importTypeScript(module);
      tsModules.set(module, mod);
      mod.catch(() => tsModules.delete(module));
    }
    return mod;
  }
}

// Why: on Node 20 a worker thread does not apply the loader hooks (tsx's) that the main thread was
// started with, even though it inherits the --import flag. tsx's own API imports the module anyway.
async function importTypeScript(module) {
  const underTsx = process.execArgv.some((a) => /(^|[\\/@])tsx([\\/.]|$)/.test(a));
  const api = underTsx ? await importTsx(module) : null;
  if (api === null) {
    throw new TypeError(
      `ThreadPoolExecutor: ${module} is a TypeScript module, and worker threads on Node ${process.versions.node} do not run the main thread's TypeScript loader. ` +
        (underTsx
          ? `The main thread runs under tsx, but 'tsx/esm/api' could not be imported from the worker: install tsx where the module can find it. `
          : `Run the main thread under tsx (node --import tsx, or the tsx command) with tsx installed, `) +
        `or compile the module to JavaScript (or, on Node 22.6 and later, use --experimental-strip-types).`,
    );
  }
  return api.tsImport(module, import.meta.url);
}

async function importTsx(module) {
  try {
    return await import('tsx/esm/api');
  } catch {
    try {
      return await import(pathToFileURL(createRequire(module).resolve('tsx/esm/api')).href);
    } catch {
      return null;
    }
  }
}
