// Read a DXF with the npm dxf-parser; print layers, $INSUNITS, entity counts and texts as JSON.
// Usage: NODE_PATH=tools/node/node_modules node parse_dxf.js FILE.dxf [encoding]
const fs = require('fs');
const DxfParser = require('dxf-parser');
const text = fs.readFileSync(process.argv[2], process.argv[3] || 'utf8');
const dxf = new DxfParser().parseSync(text);
const counts = {};
const texts = [];
const inserts = [];
for (const e of dxf.entities) {
  const key = `${e.type}@${e.layer}`;
  counts[key] = (counts[key] || 0) + 1;
  if (e.type === 'MTEXT' || e.type === 'TEXT') texts.push(e.text);
  if (e.type === 'INSERT') inserts.push(e.name);
}
console.log(JSON.stringify({
  insunits: dxf.header.$INSUNITS,
  layers: Object.keys((dxf.tables.layer || {}).layers || {}),
  blocks: Object.keys(dxf.blocks || {}),
  counts, texts, inserts,
}));
