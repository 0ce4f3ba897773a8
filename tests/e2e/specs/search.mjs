// 窓口検索: log in as the demo's administrator, search a demo person (found first with the CLI),
// open the household — a caseworker's case, so the administrator gives a reason — and check its
// case number.

import { login, searchAndOpen } from "../lib/steps.mjs";

export const name = "search";
const DEMO_USER = "demo";
const DEMO_PASSWORD = "madoguchi-demo";
const DEMO_QUERY = "見本";
let target;

export async function prepare(ctx) {
  ctx.log(`creating demo database ${ctx.db}`);
  ctx.cli(["demo"]);
  const out = ctx.cli(["search", DEMO_QUERY, "--json"], { user: DEMO_USER, password: DEMO_PASSWORD });
  const hits = JSON.parse(out);
  if (!Array.isArray(hits) || hits.length === 0) throw new Error(`CLI search ${DEMO_QUERY} found nobody: ${out}`);
  target = hits[0];
  ctx.log(`target: ${target.name} (${target.kana}), case ${target.case_number}, household ${target.household_id}`);
  return { MADOGUCHI_DB: ctx.db };
}

export async function run({ session, step }) {
  await step("login", () => login(session, DEMO_USER, DEMO_PASSWORD));
  await step("household", () => searchAndOpen(session, String(target.kana).trim(), String(target.case_number), { reason: "counter" }));
}
