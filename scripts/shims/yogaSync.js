// yoga-layout, initialised synchronously. The published entry initialises its WebAssembly with a
// top-level await, which only an ES module may contain: this lets the cockpit's bundle be a
// classic script, which V8 can cache compiled (see bin/cockpit.js). Same exports as
// `yoga-layout`. Used by scripts/inkAsScriptPlugin.mjs, which provides the yoga: modules.
import loadAssembly from 'yoga:binaries';
import wasmBase64 from 'yoga:wasm-base64';
import wrapAssembly from 'yoga:wrapAssembly';

export * from 'yoga:enums';

const compiled = new WebAssembly.Module(Buffer.from(wasmBase64, 'base64'));
// Emscripten's documented hook: with it, instantiation and the runtime's start happen inside
// the factory call, and the object passed in becomes the module.
const assembly = {
  instantiateWasm(imports, receiveInstance) {
    const instance = new WebAssembly.Instance(compiled, imports);
    receiveInstance(instance, compiled);
    return instance.exports;
  },
};
void loadAssembly(assembly);
if (assembly.calledRun !== true) throw new Error('yoga-layout did not start synchronously');

export default wrapAssembly(assembly);
