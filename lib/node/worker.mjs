// worker.mjs: the piscina worker of ThreadPoolExecutor (plain JS: it runs as-is in a worker
// thread). A task names its function by module and export, since functions cannot cross threads.
export default async function run({ module, name, args }) {
  const mod = await import(module);
  const fn = mod[name];
  if (typeof fn !== 'function') throw new TypeError(`ThreadPoolExecutor: ${module} has no function export ${JSON.stringify(name)}`);
  return fn(...args);
}
