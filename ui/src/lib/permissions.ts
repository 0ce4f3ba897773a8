// The menu: which entries a session sees is the core's answer (SessionInfo.menu, from
// domain::workflow::menu); this file only gives each entry its label and shortcut.

import type { MenuEntry } from "./types";

export type MenuAction = MenuEntry;

export interface MenuItem {
  action: MenuAction;
  label: string;
  /** Shown as a hint next to the label. */
  shortcut?: string;
}

const LABELS: Record<MenuAction, Omit<MenuItem, "action">> = {
  home: { label: "ホーム", shortcut: "Alt+H" },
  inbox: { label: "承認待ち" },
  bulk: { label: "一括認定" },
  print: { label: "印刷" },
  medical: { label: "医療扶助" },
  care: { label: "介護扶助" },
  users: { label: "ユーザー管理" },
  office: { label: "事務所設定" },
  audit: { label: "操作ログ" },
  rates: { label: "基準額表" },
  exchange: { label: "中間サーバー連携" },
  operations: { label: "運用管理" },
  password: { label: "パスワード変更" },
  lock: { label: "ロック" },
  logout: { label: "ログアウト" },
};

/** The core's menu for this session, labelled, in the core's order. */
export function visibleMenu(menu: readonly MenuAction[]): MenuItem[] {
  return menu.map((action) => ({ action, ...LABELS[action] }));
}

/** `permissions` is `SessionInfo.permissions` (the core's list for this user). */
export function hasPermission(permissions: readonly string[] | undefined, p: string): boolean {
  return !!permissions && permissions.includes(p);
}
