#!/usr/bin/env bash
# Regenerates the committed territory data file from the INSEE COG as packaged by
# @etalab/decoupage-administratif (Licence Ouverte 2.0).
#
# Usage: platform/territory/scripts/regenerate.sh
# Needs: bash, npm, node (no npm dependencies are installed).
set -euo pipefail

PACKAGE="@etalab/decoupage-administratif"
VERSION="6.0.0"

MODULE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESOURCES="$MODULE_DIR/src/main/resources/fr/maillage/territory"
OUT="$RESOURCES/territory-data.tsv.gz"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null && tar xzf ./*.tgz)
DATA="$WORK/package/data"

node - "$DATA" "$OUT" "$PACKAGE@$VERSION" <<'JS'
// Output format (gzip, UTF-8, tab separated, one record per line, '#' lines are comments):
//   R  code   name   zone                           régions (zone: metro | drom | com)
//   D  code   name   region  zone                   départements
//   M  siren  name                                  EPCIs of type METRO and MET69
//   C  code   name   dep  region  population  postalCodes(comma separated)  epciSiren
//   A  code   targetCode  name                      alias code -> today's commune code
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [dataDir, outFile, source] = process.argv.slice(2);
const read = name => JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'));

const communes = read('communes.json');
const departements = read('departements.json');
const regions = read('regions.json');
const epcis = read('epci.json');

const clean = s => String(s ?? '').replace(/[\t\r\n]/g, ' ');
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const lines = [`# territory-data v1, source ${source}, INSEE COG, Licence Ouverte 2.0`];

for (const r of [...regions].sort(byCode)) {
  lines.push(['R', r.code, clean(r.nom), r.zone].join('\t'));
}
for (const d of [...departements].sort(byCode)) {
  lines.push(['D', d.code, clean(d.nom), d.region, d.zone].join('\t'));
}

const epciOf = new Map();
for (const e of epcis) {
  for (const m of e.membres) {
    if (epciOf.has(m.code)) throw new Error(`commune ${m.code} is in several EPCIs`);
    epciOf.set(m.code, e.code);
  }
}
for (const e of epcis.filter(e => e.type === 'METRO' || e.type === 'MET69').sort(byCode)) {
  lines.push(['M', e.code, clean(e.nom)].join('\t'));
}

const current = communes.filter(c => c.type === 'commune-actuelle').sort(byCode);
const currentCodes = new Set(current.map(c => c.code));
for (const c of current) {
  lines.push(['C', c.code, clean(c.nom), c.departement, c.region, c.population ?? 0,
    (c.codesPostaux ?? []).join(','), epciOf.get(c.code) ?? ''].join('\t'));
}

// Aliases, by decreasing priority. Today's codes always win; then the current status of a
// commune déléguée/associée or arrondissement municipal; then historical `anciensCodes`
// (a handful of those are stale, e.g. 55273 is listed as an old code of 55245 but is
// today a commune associée of 55386).
const aliases = new Map(); // code -> {target, name}
const addAlias = (code, target, name) => {
  if (!currentCodes.has(target)) throw new Error(`alias ${code} -> unknown commune ${target}`);
  if (!aliases.has(code)) aliases.set(code, {target, name});
};
for (const c of communes) {
  if (c.type === 'commune-deleguee' || c.type === 'commune-associee') addAlias(c.code, c.chefLieu, c.nom);
  if (c.type === 'arrondissement-municipal') addAlias(c.code, c.commune, c.nom);
}
for (const c of current) {
  for (const old of c.anciensCodes ?? []) addAlias(old, c.code, '');
}
// An alias whose code is also a current code only contributes its name (e.g. the commune
// déléguée Cherbourg-Octeville shares code 50129 with Cherbourg-en-Cotentin); name-less
// ones carry no information at all.
const aliasRows = [...aliases]
  .filter(([code, a]) => !(currentCodes.has(code) && (a.name === '' || a.target !== code)))
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
for (const [code, a] of aliasRows) {
  lines.push(['A', code, a.target, clean(a.name)].join('\t'));
}

const gz = zlib.gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), {level: 9});
fs.writeFileSync(outFile, gz);
console.log(`wrote ${outFile}: ${current.length} communes, ${aliasRows.length} aliases, ${gz.length} bytes`);
JS

cat > "$RESOURCES/SOURCE.md" <<EOF
# Territory data source

\`territory-data.tsv.gz\` is generated from the npm package \`$PACKAGE\` version $VERSION
(files \`communes.json\`, \`departements.json\`, \`regions.json\`, \`epci.json\` of its \`data/\` folder).

Attribution: INSEE, Code officiel géographique, via $PACKAGE $VERSION — Licence Ouverte 2.0
(https://www.etalab.gouv.fr/licence-ouverte-open-licence).

Generated on: $(date -u +%Y-%m-%d)

Regenerate (from the repository root):

    platform/territory/scripts/regenerate.sh

The format of the file (gzip, UTF-8, tab separated) is described at the top of the node part of that script.
EOF
