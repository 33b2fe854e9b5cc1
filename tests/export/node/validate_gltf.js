// Validate a GLB with the Khronos glTF validator; print {errors, warnings, messages} as JSON.
// Usage: NODE_PATH=tools/node/node_modules node validate_gltf.js FILE.glb
const fs = require('fs');
const validator = require('gltf-validator');
const file = process.argv[2];
const bytes = new Uint8Array(fs.readFileSync(file));
validator.validateBytes(bytes, {
  uri: file,
  externalResourceFunction: () => Promise.reject(new Error('no external resources expected')),
}).then((report) => {
  const issues = report.issues;
  console.log(JSON.stringify({
    errors: issues.numErrors,
    warnings: issues.numWarnings,
    messages: issues.messages.filter((m) => m.severity <= 1).slice(0, 20),
  }));
}).catch((err) => { console.error(String(err)); process.exit(2); });
