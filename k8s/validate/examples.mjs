// The templates in k8s/examples/ stay templates: every value of every
// Secret there holds CHANGE-ME (so that no real value is ever committed, and
// the services and k8s/preflight.sh recognise an applied template), and each
// Secret is one k8s/operator-provided.yaml lists.
//
//   node examples.mjs EXAMPLE.yaml...        exit 0 when every one passes
import { readFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const listed = new Set(parse(readFileSync(join(here, "..", "operator-provided.yaml"), "utf8"))
  .secrets.map((s) => s.name));
let failures = 0;
let secrets = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const o = doc.toJS();
    if (!o || o.kind !== "Secret") continue;
    secrets++;
    const what = `${basename(file)} Secret/${o.metadata?.name}`;
    if (!listed.has(o.metadata?.name)) {
      failures++;
      console.error(`FAIL examples: ${what} is not in k8s/operator-provided.yaml`);
    }
    const values = {
      ...o.stringData,
      ...Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString()])),
    };
    for (const [key, value] of Object.entries(values)) {
      if (!String(value).includes("CHANGE-ME")) {
        failures++;
        console.error(`FAIL examples: ${what} key ${key} holds a value, not a CHANGE-ME placeholder`);
      }
    }
  }
}
if (failures) process.exit(1);
console.log(`examples: ${secrets} Secret templates, placeholders only`);
