// 初回設定 → 職員: a new office's first start, without a terminal. The app finds no database on
// this PC and shows the wizard; the office settings (with their check digits), the first
// administrator and the folders are entered; the administrator creates a caseworker's account;
// the caseworker's first login asks for a new password, then the home screen opens.

import fs from "node:fs";
import path from "node:path";
import { expectText, login, logout, select, submitForm } from "../lib/steps.mjs";

export const name = "first-run";
const ADMIN_PW = "hogo-no-madoguchi-2026";
const TEMP_PW = "kari-abcd-efgh";
const STAFF_PW = "hogo-counter-desk-7";

export async function prepare(ctx) {
  // No MADOGUCHI_DB: the app looks where an installed one would (XDG folders inside tmp).
  ctx.db = path.join(ctx.tmp, "office", "data", "madoguchi.db");
  return {};
}

async function fill(session, fields) {
  for (const [id, value] of Object.entries(fields)) await session.type(await session.waitFor(`#${id}`), value);
}

export async function run({ session, step, tmp, db, cli }) {
  await step("the wizard, not a login", async () => {
    await session.waitFor("#first-run", 60_000, "the first-run wizard (#first-run)");
    if (await session.find("#login-user")) throw new Error("a login form on a PC without a database");
    await session.click(await session.waitFor("#setup-new"));
  });
  await step("office settings", async () => {
    await fill(session, {
      "setup-office_name": "見本市福祉事務所",
      "setup-public_payer_number": "12270013",
      "setup-municipality_code": "112101",
      "setup-prefecture": "埼玉県",
      "setup-chief_name": "見本 一郎",
      "setup-municipality_name": "見本市",
      "setup-municipality_head": "見本市長",
      "setup-address": "埼玉県見本市見本町1-1",
    });
    await select(session, "#setup-grade", "2-1");
    await session.click(await session.waitFor("#setup-office-next"));
  });
  await step("first administrator", async () => {
    await fill(session, {
      "setup-admin-id": "kanri",
      "setup-admin-name": "管理 花子",
      "setup-password": ADMIN_PW,
      "setup-password2": ADMIN_PW,
    });
    await session.click(await session.waitFor("#setup-admin-next"));
  });
  await step("folders, database created", async () => {
    await fill(session, {
      "setup-data-dir": path.join(tmp, "office", "data"),
      "setup-backup-dir": path.join(tmp, "office", "backup"),
    });
    await session.click(await session.waitFor("#setup-create"));
    await expectText(session, "#setup-done", "初回設定が終わりました", "見本市福祉事務所");
  });
  if (!fs.existsSync(db) || !fs.existsSync(`${db}.keys`)) throw new Error(`no database at ${db}`);
  await step("caseworker account created", async () => {
    await session.click(await session.waitFor("#setup-add-users"));
    await session.click(await session.waitFor("#user-add"));
    await fill(session, { "nu-id": "tanaka", "nu-name": "田中 太郎", "nu-pw": TEMP_PW });
    await select(session, "#nu-role", "caseworker");
    await submitForm(session, "#nu-id");
    await expectText(session, "#users-table", "tanaka", "田中 太郎");
  });
  await step("administrator logs out", () => logout(session));
  await step("caseworker's first login asks for a new password", async () => {
    await session.type(await session.waitFor("#login-user"), "tanaka");
    await session.type(await session.waitFor("#login-password"), TEMP_PW);
    await session.click(await session.waitFor("#login-submit"));
    await fill(session, { "current-password": TEMP_PW, "new-password": STAFF_PW, "new-password-confirm": STAFF_PW });
    await session.click(await session.waitFor("#password-submit"));
    await session.waitFor("#search-box", 30_000, "the home screen after the password change");
  });
  await step("caseworker logs out and in again", async () => {
    await logout(session);
    await login(session, "tanaka", STAFF_PW);
    await logout(session);
  });
  // The office's database is the one the wizard made, usable from the CLI as installed.
  const audit = cli(["audit", "verify"], { user: "kanri", password: ADMIN_PW });
  if (!audit.includes("改ざんはありません")) throw new Error(`madoguchi audit verify: ${audit}`);
}
