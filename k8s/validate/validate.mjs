// Validates rendered Kubernetes manifests offline, two ways:
//  1. each object against the Kubernetes OpenAPI schema (kubernetes-models,
//     which validates with @kubernetes-models/validate): types, enums,
//     required fields;
//  2. each object as a TypeScript object literal of its kubernetes-types
//     type, compiled by tsc --strict: an unknown (say, misspelt) field is an
//     error there even where the OpenAPI schema lets it through.
// Custom resources the same two ways, from the package that ships their
// CRDs' schemas and types (cert-manager.io: @kubernetes-models/cert-manager,
// pinned in package.json); a kind of another group has no schema and fails.
//
//   node validate.mjs RENDERED.yaml...      exit 0 when every object passes
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

// Custom resource groups → the npm package with their CRDs' models.
const crdPackages = {
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "acme.cert-manager.io": "@kubernetes-models/cert-manager",
};

// apiVersion and kind → the module of the schema (models) and of the type
// (types, typeName) ("" group is core).
function modulesOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/")
    ? apiVersion.split("/")
    : ["", apiVersion];
  const crd = crdPackages[group];
  if (crd) {
    const path = `${crd}/${group}/${version}/${kind}`;
    return { models: path, types: path, typeName: `I${kind}`,
             alias: `${kind}_${group}_${version}`.replace(/[^A-Za-z0-9]/g, "_") };
  }
  // kubernetes-types names a group by its first label ("networking").
  const types = `${group ? group.split(".")[0] : "core"}/${version}`;
  return { models: `kubernetes-models/${group ? `${group}/${version}` : version}/${kind}`,
           types: `kubernetes-types/${types}`, typeName: kind,
           alias: `${kind}_${types}`.replace(/[^A-Za-z0-9]/g, "_") };
}

const objects = [];
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const object = doc.toJS();
    if (object) objects.push({ file, object });
  }
}
if (objects.length === 0) {
  console.error("validate: no objects");
  process.exit(2);
}

let failures = 0;
const fail = (what, message) => {
  failures++;
  console.error(`FAIL ${what}: ${message}`);
};
const nameOf = (o) => `${o.kind}/${o.metadata?.name ?? "?"}`;

// 1. OpenAPI schemas.
for (const { file, object } of objects) {
  const what = `${file} ${nameOf(object)}`;
  const { models } = modulesOf(object.apiVersion ?? "", object.kind);
  let module;
  try {
    module = await import(models);
  } catch {
    fail(what, `no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new module[object.kind](object).validate();
  } catch (error) {
    fail(what, `schema: ${error.message.split("\n").slice(0, 6).join(" | ")}`);
  }
}

// 2. Exact types with tsc --strict (excess properties are errors).
const imports = new Map();
const lines = [];
objects.forEach(({ object }, i) => {
  const { types, typeName, alias } = modulesOf(object.apiVersion ?? "", object.kind);
  imports.set(alias, `import type { ${typeName} as ${alias} } from "${types}";`);
  lines.push(`// ${nameOf(object)}\nexport const o${i}: ${alias} = ${JSON.stringify(object, null, 2)};`);
});
// Inside this folder, so that the packages resolve to node_modules.
const scratch = mkdtempSync(join(here, ".scratch-"));
try {
  const source = join(scratch, "objects.ts");
  writeFileSync(source, [...imports.values(), ...lines].join("\n") + "\n");
  try {
    execFileSync(
      process.execPath,
      [join(here, "node_modules/typescript/bin/tsc"), "--strict", "--noEmit",
       "--skipLibCheck", "--target", "es2020", "--moduleResolution", "node",
       source],
      { cwd: here, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const out = `${error.stdout}${error.stderr}`.trim().split("\n");
    for (const line of out.slice(0, 20)) fail("types", line);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures) {
  console.error(`validate: ${failures} problem(s) in ${objects.length} objects`);
  process.exit(1);
}
console.log(`validate: ${objects.length} objects pass the OpenAPI schemas and tsc --strict`);
