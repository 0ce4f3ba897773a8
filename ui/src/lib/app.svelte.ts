// Application state: session, lock, and the simple state-based router.

import { onRpcError, rpc } from "./api";
import { hasPermission } from "./permissions";
import type { AppInfo, DecisionView, HouseholdView, Permission, PrintJobView, SearchHit, SessionInfo } from "./types";

export type Route =
  | { name: "home" }
  | { name: "household"; id: number; view?: HouseholdView; personId?: number; tab?: HouseholdTab }
  | { name: "household-form"; id: number | null; view?: HouseholdView }
  | { name: "member-form"; householdId: number; personId: number | null; view?: HouseholdView }
  | { name: "users" }
  | { name: "office" }
  | { name: "audit" }
  | { name: "password" }
  | { name: "print" }
  | { name: "preview"; jobId: number; job?: PrintJobView }
  | { name: "decision"; id: number; view?: DecisionView }
  | { name: "inbox" }
  | { name: "bulk"; version?: string; date?: string }
  | { name: "rates" }
  | { name: "trial" }
  | { name: "medical"; tab?: MedicalTab }
  | { name: "care"; tab?: CareTab }
  | { name: "operations" }
  | { name: "exchange"; tab?: ExchangeTab }
  | { name: "setup-done"; restored?: boolean };

/** The tabs of the 医療扶助 screen. */
export type MedicalTab = "run" | "ledger" | "opinions" | "institutions";

/** The tabs of the 介護扶助 screen. */
export type CareTab = "run" | "ledger" | "providers" | "alerts";

/** The tabs of the exchange screen. */
export type ExchangeTab = "transfer" | "errors" | "checks" | "media";

/** The decision tabs of the household screen. */
export type HouseholdTab = "application" | "situation" | "calc" | "decisions";

/** The home screen's last search, kept while the clerk opens a result and comes back (Esc). */
export interface LastSearch {
  query: string;
  /** The query the hits answer. */
  shownQuery: string;
  hits: SearchHit[];
  selected: number;
}

interface ConfirmRequest {
  message: string;
  okLabel: string;
  resolve: (ok: boolean) => void;
}

export const app = $state({
  info: null as AppInfo | null,
  session: null as SessionInfo | null,
  locked: false,
  route: { name: "home" } as Route,
  history: [] as Route[],
  notice: "",
  confirm: null as ConfirmRequest | null,
  /** Bumped to ask the home screen to focus its search box. */
  focusSearch: 0,
  /** Bumped on every navigation; the screen is re-created when it changes. */
  routeKey: 0,
  /** Gone with the session: the next user never sees it. */
  lastSearch: null as LastSearch | null,
});

function setRoute(route: Route): void {
  app.route = route;
  app.routeKey++;
}

export function can(permission: Permission): boolean {
  return hasPermission(app.session?.permissions, permission);
}

export function navigate(route: Route, opts: { replace?: boolean } = {}): void {
  if (!opts.replace) app.history.push(app.route);
  setRoute(route);
}

export function back(): void {
  const prev = app.history.pop();
  setRoute(prev ?? { name: "home" });
}

export function goHome(): void {
  app.history = [];
  setRoute({ name: "home" });
}

export function focusSearch(): void {
  if (app.route.name !== "home") goHome();
  app.focusSearch++;
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
export function notify(text: string): void {
  app.notice = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (app.notice = ""), 4000);
}

/** In-app confirmation (Enter = OK, Esc = cancel). */
export function confirmDialog(message: string, okLabel = "はい"): Promise<boolean> {
  return new Promise((resolve) => {
    app.confirm?.resolve(false);
    app.confirm = { message, okLabel, resolve };
  });
}

export function setSession(s: SessionInfo | null): void {
  app.session = s;
  if (!s) {
    app.lastSearch = null;
    app.locked = false;
    app.history = [];
    setRoute({ name: "home" });
  }
}

export async function login(user_id: string, password: string): Promise<SessionInfo> {
  const s = await rpc("login", { user_id, password });
  app.history = [];
  app.lastSearch = null;
  setRoute({ name: "home" });
  app.locked = false;
  app.session = s;
  return s;
}

/** The first-run setup created the office and logged its administrator in: its last step. */
export function startAfterSetup(session: SessionInfo, info: AppInfo, restored = false): void {
  app.info = info;
  app.history = [];
  setRoute({ name: "setup-done", restored });
  app.locked = false;
  app.session = session;
}

export async function logout(): Promise<void> {
  try {
    await rpc("logout");
  } finally {
    setSession(null);
  }
}

export async function lockNow(): Promise<void> {
  app.locked = true; // hide first: the screen must not stay visible if the call is slow
  try {
    await rpc("lock");
  } catch {
    /* already locked or logged out: the lock screen handles it */
  }
}

export async function unlock(password: string): Promise<void> {
  const s = await rpc("unlock", { password });
  app.session = s;
  app.locked = false;
}

let installed = false;
/** React to session-level errors from any call. */
export function installAuthErrorHandling(): void {
  if (installed) return;
  installed = true;
  onRpcError((err, method) => {
    if (method === "login" || method === "unlock" || method === "app_info") return;
    if (!app.session) return;
    if (err.code === "AUTH_SESSION_LOCKED") app.locked = true;
    else if (err.code === "AUTH_NOT_LOGGED_IN") setSession(null);
    else if (err.code === "AUTH_MUST_CHANGE_PASSWORD") app.session = { ...app.session, must_change_password: true };
  });
}

/** After a household form is saved: show the household with the fresh view, without a
 * second `open_household` (which would be audited again). */
export function showSavedHousehold(view: HouseholdView, personId?: number): void {
  const prev = app.history[app.history.length - 1];
  if (prev && prev.name === "household" && prev.id === view.household.id) {
    app.history.pop();
  }
  setRoute({ name: "household", id: view.household.id, view, personId });
}

/** Leave a form: ask first when something was typed. */
export async function leaveForm(dirty: boolean): Promise<void> {
  if (dirty && !(await confirmDialog("入力した内容は保存されていません。破棄して戻りますか？", "破棄して戻る"))) return;
  back();
}
