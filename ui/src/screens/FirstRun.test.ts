import { fireEvent, render, screen } from "@testing-library/svelte";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../App.svelte";
import { app } from "../lib/app.svelte";
import { freshFirstRun, settle, type Core } from "../test/helpers";

let core: Core;
let dir = "";
const $ = (id: string) => document.getElementById(id) as HTMLInputElement;
async function type(id: string, value: string) {
  await fireEvent.input($(id), { target: { value } });
}
async function submit(id: string) {
  await fireEvent.click($(id));
  await settle();
}
const alertText = () => screen.queryByRole("alert")?.textContent ?? "";

async function fillOffice(payer = "12270013") {
  await type("setup-office_name", "見本市福祉事務所");
  await type("setup-public_payer_number", payer);
  await type("setup-municipality_code", "112101");
  await type("setup-prefecture", "埼玉県");
  await fireEvent.change($("setup-grade"), { target: { value: "2-1" } });
  await type("setup-chief_name", "見本 一郎");
  await type("setup-address", "埼玉県見本市見本町1-1");
  await type("setup-municipality_name", "見本市");
  await type("setup-municipality_head", "見本市長");
}

async function fillAdmin(password = "hogo-no-madoguchi-2026", again = password) {
  await type("setup-admin-id", "kanri");
  await type("setup-admin-name", "管理 花子");
  await type("setup-password", password);
  await type("setup-password2", again);
}

/** An office database made on another PC (this very bridge, first); its administrator stays logged in. */
async function officeOnAnotherPc(): Promise<string> {
  const other = `${dir}/other`;
  await core.call("setup_create_office", {
    input: {
      office: {
        office_name: "見本市福祉事務所", public_payer_number: "12270013", municipality_code: "112101",
        prefecture: "埼玉県", grade: "2-1", chief_title: "福祉事務所長", chief_name: "見本 一郎",
        postal_code: "", address: "埼玉県見本市見本町1-1", phone: "", idle_lock_minutes: 10,
        municipality_name: "見本市", municipality_head: "見本市長", case_number_prefix: "", case_number_digits: 5, case_number_next: 1,
      },
      admin_id: "kanri", admin_name: "管理 花子", password: "hogo-no-madoguchi-2026",
      data_dir: `${other}/data`, backup_dir: `${other}/backup`,
    },
  });
  return other;
}

describe("初回設定（データベースのないPC）", () => {
  beforeEach(async () => {
    ({ core, dir } = await freshFirstRun());
  });

  it("shows the setup, not the login, with its three choices", async () => {
    render(App);
    await settle();
    expect(document.getElementById("first-run")).not.toBeNull();
    expect(document.getElementById("login-user")).toBeNull();
    expect($("setup-new").disabled).toBe(false);
    expect($("setup-open").disabled).toBe(false);
    expect($("setup-restore").disabled).toBe(false);
  });

  it("creates the office: each step checked by the core, then the administrator is logged in and offered the accounts", async () => {
    render(App);
    await settle();
    await submit("setup-new");
    // the core's defaults fill the form
    expect($("setup-chief_title").value).toBe("福祉事務所長");

    // a wrong check digit: the core refuses, the wizard stays on the office step
    await fillOffice("12270014");
    await submit("setup-office-next");
    expect(alertText()).toContain("公費負担者番号");
    expect($("setup-office_name")).not.toBeNull();
    await type("setup-public_payer_number", "12270013");
    await submit("setup-office-next");
    expect(alertText()).toBe("");

    // a password the core's rules refuse
    await fillAdmin("short");
    await submit("setup-admin-next");
    expect(alertText()).not.toBe("");
    expect($("setup-admin-id")).not.toBeNull();
    await fillAdmin();
    await submit("setup-admin-next");

    // the folders: the backup may not be the data folder
    await type("setup-data-dir", `${dir}/data`);
    await type("setup-backup-dir", `${dir}/data`);
    await submit("setup-create");
    expect(alertText()).toContain("別のフォルダ");
    expect(app.session).toBeNull();
    await type("setup-backup-dir", `${dir}/backup`);
    await submit("setup-create");

    expect(app.session?.user_id).toBe("kanri");
    expect(app.info?.setup_needed).toBe(false);
    expect(app.info?.office_name).toBe("見本市福祉事務所");
    expect(app.info?.db_path).toBe(`${dir}/data/madoguchi.db`);
    expect(document.getElementById("setup-done")).not.toBeNull();
    expect(core.called("setup_validate").length).toBeGreaterThanOrEqual(3);

    // then the other accounts, on the administrator's own screen
    await submit("setup-add-users");
    expect(app.route.name).toBe("users");
    const office = await core.call<{ public_payer_number: string }>("get_office");
    expect(office.public_payer_number).toBe("12270013");
  });

  it("opens an existing database only with its key file, then asks for the login", async () => {
    const other = await officeOnAnotherPc();
    ({ core, dir } = await freshFirstRun());
    render(App);
    await settle();
    await submit("setup-open");
    await type("setup-existing", `${dir}/nothing.db`);
    await submit("setup-open-submit");
    expect(alertText()).toContain("ありません");
    expect(app.info?.setup_needed).toBe(true);

    await type("setup-existing", `${other}/data/madoguchi.db`);
    await submit("setup-open-submit");
    expect(app.info?.setup_needed).toBe(false);
    expect(document.getElementById("login-user")).not.toBeNull();
    await type("login-user", "kanri");
    await type("login-password", "hogo-no-madoguchi-2026");
    await submit("login-submit");
    expect(app.session?.user_id).toBe("kanri");
  });

  it("restores a backup: a corrupt file is refused and restores nothing, the good one is verified, opened and its folder kept for the daily backup; then the other accounts are offered", async () => {
    await officeOnAnotherPc();
    await core.call("add_user", { user_id: "tanaka", display_name: "田中 太郎", role: "caseworker", temporary_password: "kari-abcd-efgh" });
    const made = await core.call<{ path: string }>("backup_now");
    ({ core, dir } = await freshFirstRun());
    const good = `${dir}/media/office.mdgbak`;
    const bad = `${dir}/media/bad.mdgbak`;
    mkdirSync(`${dir}/media`, { recursive: true });
    copyFileSync(made.path, good);
    const bytes = readFileSync(good);
    bytes[bytes.length >> 1] ^= 0x40;
    writeFileSync(bad, bytes);

    render(App);
    await settle();
    await submit("setup-restore");
    await type("setup-backup-file", bad);
    await type("setup-restore-user", "kanri");
    await type("setup-restore-password", "hogo-no-madoguchi-2026");
    await type("setup-restore-data-dir", `${dir}/data`);
    await type("setup-restore-backup-dir", `${dir}/backup`);
    await submit("setup-restore-submit");
    expect(alertText()).toContain("バックアップ");
    expect(app.session).toBeNull();
    expect(existsSync(`${dir}/data/madoguchi.db`)).toBe(false);
    expect((await core.call<{ setup_needed: boolean }>("app_info")).setup_needed).toBe(true);

    await type("setup-backup-file", good);
    await submit("setup-restore-submit");
    expect(app.session?.user_id).toBe("kanri");
    expect(app.info?.setup_needed).toBe(false);
    expect(app.info?.db_path).toBe(`${dir}/data/madoguchi.db`);
    expect(document.getElementById("setup-restored")?.textContent).toContain("復元");
    const users = await core.call<{ user_id: string }[]>("list_users");
    expect(users.map((u) => u.user_id)).toContain("tanaka");
    const ops = await core.call<{ backup_dir: string | null }>("operations_settings");
    expect(ops.backup_dir).toBe(`${dir}/backup`);

    // as after a new office: the restored accounts are shown, and the others can be created now
    const restoredAccounts = document.getElementById("setup-restored-accounts")?.textContent ?? "";
    expect(restoredAccounts).toContain("kanri");
    expect(restoredAccounts).toContain("田中 太郎");
    await submit("setup-add-users");
    expect(app.route.name).toBe("users");
    await submit("user-add");
    await type("nu-id", "suzuki");
    await type("nu-name", "鈴木 一郎");
    await fireEvent.change($("nu-role"), { target: { value: "caseworker" } });
    await type("nu-pw", "kari-wxyz-2026");
    await fireEvent.submit($("nu-id").closest("form")!);
    await settle();
    expect(alertText()).toBe("");
    const after = await core.call<{ user_id: string; role: string; must_change_password: boolean }[]>("list_users");
    expect(after.find((u) => u.user_id === "suzuki")).toMatchObject({ role: "caseworker", must_change_password: true });
    expect(document.getElementById("users-table")?.textContent).toContain("鈴木 一郎");
  });
});
