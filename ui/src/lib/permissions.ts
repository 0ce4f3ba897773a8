// Which menu entries a session sees. The core enforces every permission again; this only keeps
// people from being offered what they cannot do.

import type { Permission } from "./types";

export type MenuAction = "home" | "inbox" | "bulk" | "rates" | "print" | "users" | "office" | "audit" | "password" | "lock" | "logout";

export interface MenuItem {
  action: MenuAction;
  label: string;
  /** Permission needed to see the entry; none = every logged-in user. */
  permission?: Permission;
  /** Alternatively: any one of these (承認待ち: reviewers, approvers, drafters). */
  anyOf?: Permission[];
  /** Shown as a hint next to the label. */
  shortcut?: string;
}

export const MENU: MenuItem[] = [
  { action: "home", label: "ホーム", shortcut: "Alt+H" },
  { action: "inbox", label: "承認待ち", anyOf: ["review_decision", "approve_decision", "draft_decision"] },
  { action: "bulk", label: "一括認定", permission: "draft_decision" },
  { action: "print", label: "印刷", permission: "print_document" },
  { action: "users", label: "ユーザー管理", permission: "manage_users" },
  { action: "office", label: "事務所設定" },
  { action: "audit", label: "操作ログ", permission: "view_audit" },
  { action: "rates", label: "基準額表", permission: "manage_rates" },
  { action: "password", label: "パスワード変更" },
  { action: "lock", label: "ロック" },
  { action: "logout", label: "ログアウト" },
];

export function visibleMenu(permissions: readonly string[]): MenuItem[] {
  return MENU.filter(
    (m) =>
      (!m.permission || permissions.includes(m.permission)) &&
      (!m.anyOf || m.anyOf.some((p) => permissions.includes(p))),
  );
}

/** `permissions` is `SessionInfo.permissions` (plain strings from the core). */
export function hasPermission(permissions: readonly string[] | undefined, p: Permission): boolean {
  return !!permissions && permissions.includes(p);
}
