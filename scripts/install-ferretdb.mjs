// `npm run db:install`: builds FerretDB into .tools/bin (CI calls this before the tests).
import { installFerretDB, FERRETDB_VERSION } from "./local-db.mjs";

const t0 = Date.now();
const bin = installFerretDB();
if (!bin) {
  console.error(`Go is not on PATH, so FerretDB ${FERRETDB_VERSION} cannot be built. Install Go or set MONGODB_URI.`);
  process.exit(1);
}
console.log(`FerretDB ${FERRETDB_VERSION} ready at ${bin} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
