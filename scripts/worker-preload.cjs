/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: require is how it loads */
// Loaded before the standalone job worker (`npm run worker`, `npm run jobs`): the app's server
// modules start with `import "server-only"`, which throws outside a React Server Components build.
// The worker is server code by definition, so the marker resolves to an empty module here — without
// the react-server export condition, which would also switch react-dom/server (mail rendering) off.
const Module = require("node:module");
const { join } = require("node:path");

const empty = join(__dirname, "empty-module.cjs");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "server-only") return empty;
  return resolve.call(this, request, ...rest);
};
