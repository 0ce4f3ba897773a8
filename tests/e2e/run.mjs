#!/usr/bin/env node
// 窓口 Madoguchi — end-to-end tests: the real desktop app, driven through tauri-driver and
// WebKitWebDriver (lib/webdriver.mjs, no dependencies), one spec per journey (specs/*.mjs), each
// on its own fresh database and app (lib/harness.mjs), sharing the desk's steps (lib/steps.mjs).
// `node tests/e2e/run.mjs [spec …]` runs the named specs, or all of them. A screenshot of each
// step is kept in <artifacts>/<spec>/ (CI keeps them; never committed), and the folder is printed
// before the last line of output: "N passed, M failed".
//
// Environment (all optional):
//   MADOGUCHI_E2E_PORT / MADOGUCHI_E2E_NATIVE_PORT   ports for tauri-driver (4444 / 4445)
//   MADOGUCHI_E2E_APP / MADOGUCHI_E2E_CLI             binaries (target/debug/madoguchi-app, …/madoguchi)
//   MADOGUCHI_E2E_KEEP=1                               keep the temporary directories
//   MADOGUCHI_E2E_ARTIFACTS                            where the screenshots go (target/e2e-artifacts)
//   TAURI_DRIVER                                       tauri-driver binary (PATH, then ~/.cargo/bin)
//   MADOGUCHI_E2E_START_URL                            navigate here first (only for checking this
//                                                      client against a mock page in another browser)

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, runSpec } from "./lib/harness.mjs";

const SPECS = path.join(path.dirname(fileURLToPath(import.meta.url)), "specs");
const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : fs.readdirSync(SPECS).filter((f) => f.endsWith(".mjs")).map((f) => f.slice(0, -4)).sort();

let passed = 0;
let failed = 0;
for (const n of names) {
  const spec = await import(path.join(SPECS, `${n}.mjs`));
  const ok = await runSpec(spec).catch((e) => {
    console.error(`[e2e] ${n} FAILED: ${e.stack ?? e}`);
    return false;
  });
  console.log(`[e2e] ${n}: ${ok ? "passed" : "FAILED"}`);
  if (ok) passed++;
  else failed++;
}
console.log(`[e2e] screenshots of every step: ${ARTIFACTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
