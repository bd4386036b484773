// Copies the GraphiQL assets named in package.json's "gatewayAssets" out of node_modules (put
// there by `npm ci`) into the gateway's static folder, one folder per package@version, with each
// package's licence, a notice file with the licence of every installed package (the UMD bundles
// inline many of them), and manifest.json, which the gateway reads to write its page.
// Usage: node vendor.mjs <folder with package.json and node_modules> <output folder>
import fs from "node:fs";
import path from "node:path";

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  console.error("usage: node vendor.mjs <npm folder> <output folder>");
  process.exit(2);
}
const modules = path.join(root, "node_modules");
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const LICENCE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

function packageOf(asset) {
  // "@scope/name/dist/x.js" -> "@scope/name"; "name/umd/x.js" -> "name"
  const parts = asset.split("/");
  return parts[0].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function ownLicence(dir) {
  const found = fs.readdirSync(dir).find((name) => LICENCE.test(name));
  return found ? path.join(dir, found) : null;
}

function repository(dir) {
  const repo = readJson(path.join(dir, "package.json")).repository;
  const url = typeof repo === "string" ? repo : repo?.url;
  return url ? url.replace(/^.*?:\/\//, "").replace(/\.git$/, "") : null;
}

function licenceFile(dir) {
  // Some packages of a monorepo (@graphiql/plugin-explorer) leave the repository's licence file
  // out of their tarball: take it from an installed sibling published from the same repository.
  const own = ownLicence(dir);
  const repo = own ? null : repository(dir);
  if (own || !repo) return own;
  for (const other of installed(modules)) {
    if (repository(other) === repo && ownLicence(other)) return ownLicence(other);
  }
  return null;
}

function* installed(dir) {
  // Every package under node_modules, nested ones included (npm puts conflicting versions there).
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (name.startsWith("@")) {
      yield* installed(full);
    } else if (fs.existsSync(path.join(full, "package.json"))) {
      yield full;
      yield* installed(path.join(full, "node_modules"));
    }
  }
}

function notices() {
  const seen = new Set();
  const parts = [
    "Third-party software in the GraphiQL page served by the gateway.\n" +
      "Every package installed from gateway/graphiql/npm/package-lock.json, with its licence.\n",
  ];
  for (const dir of installed(modules)) {
    const meta = readJson(path.join(dir, "package.json"));
    const id = `${meta.name}@${meta.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const file = licenceFile(dir);
    const text = file ? fs.readFileSync(file, "utf8").trim() : "(the package ships no licence file)";
    parts.push(`${"=".repeat(78)}\n${id} (${meta.license ?? "licence not stated"})\n\n${text}\n`);
  }
  return parts.join("\n");
}

function vendor() {
  const spec = readJson(path.join(root, "package.json")).gatewayAssets;
  const staging = `${out}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  const manifest = { packages: {}, scripts: [], styles: [], notices: "THIRD-PARTY-NOTICES.txt" };
  for (const kind of ["scripts", "styles"]) {
    for (const asset of spec[kind]) {
      const name = packageOf(asset);
      const dir = path.join(modules, name);
      const version = readJson(path.join(dir, "package.json")).version;
      const target = `${name}@${version}`;
      fs.mkdirSync(path.join(staging, target), { recursive: true });
      fs.copyFileSync(path.join(modules, asset), path.join(staging, target, path.basename(asset)));
      const licence = licenceFile(dir);
      if (!licence) throw new Error(`${name} ships no licence file`);
      fs.copyFileSync(licence, path.join(staging, target, "LICENSE"));
      manifest.packages[name] = version;
      manifest[kind].push(`${target}/${path.basename(asset)}`);
    }
  }
  fs.writeFileSync(path.join(staging, manifest.notices), notices());
  fs.writeFileSync(path.join(staging, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  // Swap in whole, so the gateway never serves a half-copied folder.
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  const listed = Object.entries(manifest.packages).map(([n, v]) => `${n}@${v}`);
  console.error(`graphiql: vendored ${listed.join(", ")} into ${out}`);
}

vendor();
