//! The audit action codes and their Japanese labels for the log viewer. A code, once written to
//! a log, must keep its meaning: add new codes, never reuse old ones.

pub const LOGIN: &str = "login";
pub const LOGIN_FAILED: &str = "login_failed";
pub const LOCKED_OUT: &str = "locked_out";
pub const LOGOUT: &str = "logout";
pub const SCREEN_LOCK: &str = "screen_lock";
pub const SCREEN_UNLOCK: &str = "screen_unlock";
pub const PASSWORD_CHANGE: &str = "password_change";
pub const DATABASE_CREATE: &str = "database_create";
pub const USER_ADD: &str = "user_add";
pub const USER_RESET: &str = "user_reset";
pub const USER_DISABLE: &str = "user_disable";
pub const USER_ENABLE: &str = "user_enable";
pub const OFFICE_UPDATE: &str = "office_update";
pub const SEARCH: &str = "search";
pub const HOUSEHOLD_OPEN: &str = "household_open";
pub const HOUSEHOLD_CREATE: &str = "household_create";
pub const HOUSEHOLD_UPDATE: &str = "household_update";
pub const HOUSEHOLD_STATUS: &str = "household_status";
pub const MEMBER_ADD: &str = "member_add";
pub const MEMBER_UPDATE: &str = "member_update";
pub const MEMBER_REMOVE: &str = "member_remove";
pub const MY_NUMBER_REVEAL: &str = "my_number_reveal";
pub const AUDIT_VERIFY: &str = "audit_verify";
pub const PRINT: &str = "print";
pub const EXPORT: &str = "export";
pub const RATES_IMPORT: &str = "rates_import";
pub const SITUATION_SAVE: &str = "situation_save";
pub const CALC_VIEW: &str = "calc_view";
pub const APPLICATION_REGISTER: &str = "application_register";
pub const APPLICATION_EXTEND: &str = "application_extend";
pub const DECISION_DRAFT: &str = "decision_draft";
pub const DECISION_REDRAFT: &str = "decision_redraft";
pub const DECISION_REVIEW: &str = "decision_review";
pub const DECISION_RETURN: &str = "decision_return";
pub const DECISION_APPROVE: &str = "decision_approve";
pub const DECISION_REPRODUCE: &str = "decision_reproduce";
pub const BULK_PREVIEW: &str = "bulk_preview";
pub const BULK_APPLY: &str = "bulk_apply";
pub const REASON_SAVE: &str = "reason_save";
pub const PRINT_REQUEST: &str = "print_request";
pub const PRINT_PREVIEW: &str = "print_preview";
pub const PRINT_REPRINT: &str = "print_reprint";
pub const PRINT_DELIVER: &str = "print_deliver";
pub const PRINT_VOID: &str = "print_void";
pub const NOTICE_TEMPLATE_SAVE: &str = "notice_template_save";
pub const EXCHANGE_EXPORT_START: &str = "exchange_export_start";
pub const EXCHANGE_EXPORT: &str = "exchange_export";
pub const EXCHANGE_EXPORT_CANCEL: &str = "exchange_export_cancel";
pub const EXCHANGE_IMPORT: &str = "exchange_import";
pub const EXCHANGE_IMPORT_REFUSED: &str = "exchange_import_refused";
pub const EXCHANGE_REQUEUE: &str = "exchange_requeue";
pub const EXCHANGE_MEDIA_ERASE: &str = "exchange_media_erase";
pub const EXCHANGE_MEDIUM_REGISTER: &str = "exchange_medium_register";
pub const EXCHANGE_MEDIUM_RETIRE: &str = "exchange_medium_retire";
pub const EXCHANGE_CHECK_REVIEW: &str = "exchange_check_review";
pub const EXCHANGE_RECONCILE_VIEW: &str = "exchange_reconcile_view";
pub const INQUIRY_REQUEST: &str = "inquiry_request";
pub const INVESTIGATION_VIEW: &str = "investigation_view";
/// 介護扶助 (issue 12).
pub const CARE_PROVIDER_SAVE: &str = "care_provider_save";
pub const CARE_PROVIDER_IMPORT: &str = "care_provider_import";
pub const CARE_SETTINGS_SAVE: &str = "care_settings_save";
pub const CARE_STATUS_SAVE: &str = "care_status_save";
pub const CARE_CASE_REGISTER: &str = "care_case_register";
pub const CARE_CASE_VIEW: &str = "care_case_view";
pub const CARE_PLAN_RECORD: &str = "care_plan_record";
pub const CARE_ALERTS_VIEW: &str = "care_alerts_view";
pub const CARE_CASE_END: &str = "care_case_end";
/// A failed login as reported by the key-slot file: written before anyone could authenticate,
/// so it is only as trustworthy as that file (the login that carried it in is the actor).
pub const LOGIN_FAILED_REPORTED: &str = "login_failed_reported";
pub const LOCKED_OUT_REPORTED: &str = "locked_out_reported";
/// An action the role, the state or the rules refused (who, what, on which target).
pub const REFUSED: &str = "refused";
pub const AUDIT_SUMMARY: &str = "audit_summary";
/// The My Number key (個人番号鍵): created, requested for an account, granted by a holder.
pub const REVEAL_KEY_CREATE: &str = "reveal_key_create";
pub const REVEAL_KEY_REQUEST: &str = "reveal_key_request";
pub const REVEAL_KEY_GRANT: &str = "reveal_key_grant";
/// Reads of personal data that are not a household open (issue 7 point 12).
pub const SITUATION_VIEW: &str = "situation_view";
pub const DECISION_VIEW: &str = "decision_view";
pub const DECISIONS_LIST: &str = "decisions_list";
pub const APPLICATIONS_LIST: &str = "applications_list";
pub const HOME_VIEW: &str = "home_view";
pub const PRINT_JOBS_LIST: &str = "print_jobs_list";
pub const DECISION_INBOX: &str = "decision_inbox";
pub const RATES_INSTALL: &str = "rates_install";
pub const CALC_TRIAL: &str = "calc_trial";
/// Counter work (issue 9): the 保護申請書 corrected, an account's name or role changed, and a
/// household assigned to another caseworker opened or edited (with the reason given).
pub const APPLICATION_FORM: &str = "application_form";
pub const USER_UPDATE: &str = "user_update";
pub const OTHERS_CASE_ACCESS: &str = "others_case_access";
// Operations (issue 14).
pub const KEY_SLOT_UPGRADE: &str = "key_slot_upgrade";
pub const REKEY: &str = "rekey";
pub const BACKUP: &str = "backup";
pub const RESTORE: &str = "restore";
pub const RETENTION_RULE_SAVE: &str = "retention_rule_save";
pub const LEGAL_HOLD: &str = "legal_hold";
pub const RETENTION_PLAN: &str = "retention_plan";
pub const RETENTION_DELETE: &str = "retention_delete";
pub const ACCESS_REVIEW: &str = "access_review";
pub const OPERATIONS_SETTINGS: &str = "operations_settings";

/// 医療扶助 and vouchers (issue 11).
pub const INSTITUTION_SAVE: &str = "institution_save";
pub const INSTITUTION_IMPORT: &str = "institution_import";
pub const MEDICAL_CASE_REGISTER: &str = "medical_case_register";
pub const MEDICAL_CASE_VIEW: &str = "medical_case_view";
pub const OTHER_LAW_SAVE: &str = "other_law_save";
pub const OPINION_SEND: &str = "opinion_send";
pub const OPINION_RETURN: &str = "opinion_return";
pub const OPINION_REVIEW: &str = "opinion_review";
pub const VOUCHER_PROPOSE: &str = "voucher_propose";
pub const VOUCHER_ISSUE: &str = "voucher_issue";
pub const VOUCHER_VOID: &str = "voucher_void";
pub const VOUCHER_REISSUE: &str = "voucher_reissue";
pub const VOUCHER_CHANGE: &str = "voucher_change";
pub const VOUCHER_EXCLUDE: &str = "voucher_exclude";
pub const VOUCHER_INCLUDE: &str = "voucher_include";
pub const VOUCHER_ONE_OFF: &str = "voucher_one_off";
pub const VOUCHER_SHARE_FIX: &str = "voucher_share_fix";
pub const VOUCHER_LEDGER_VIEW: &str = "voucher_ledger_view";
pub const VOUCHERS_LIST: &str = "vouchers_list";
pub const OPINIONS_LIST: &str = "opinions_list";
pub const MEDICAL_ALERTS_VIEW: &str = "medical_alerts_view";

pub const ALL: &[(&str, &str)] = &[
    (LOGIN, "ログイン"),
    (LOGIN_FAILED, "ログイン失敗"),
    (LOCKED_OUT, "ログイン停止（失敗回数超過）"),
    (LOGOUT, "ログアウト"),
    (SCREEN_LOCK, "画面ロック"),
    (SCREEN_UNLOCK, "画面ロック解除"),
    (PASSWORD_CHANGE, "パスワード変更"),
    (DATABASE_CREATE, "データベース作成"),
    (USER_ADD, "ユーザー追加"),
    (USER_RESET, "パスワード再設定"),
    (USER_DISABLE, "ユーザー無効化"),
    (USER_ENABLE, "ユーザー有効化"),
    (OFFICE_UPDATE, "事務所設定の変更"),
    (SEARCH, "検索"),
    (HOUSEHOLD_OPEN, "世帯の閲覧"),
    (HOUSEHOLD_CREATE, "世帯の登録"),
    (HOUSEHOLD_UPDATE, "世帯の修正"),
    (HOUSEHOLD_STATUS, "保護の状態の変更"),
    (MEMBER_ADD, "世帯員の追加"),
    (MEMBER_UPDATE, "世帯員の修正"),
    (MEMBER_REMOVE, "世帯員の削除"),
    (MY_NUMBER_REVEAL, "個人番号の表示"),
    (AUDIT_VERIFY, "操作ログの改ざん検査"),
    (PRINT, "印刷"),
    (EXPORT, "外部出力"),
    (RATES_IMPORT, "基準額表の取込"),
    (SITUATION_SAVE, "認定状況（加算・家賃・収入）の変更"),
    (CALC_VIEW, "最低生活費・保護費の計算"),
    (APPLICATION_REGISTER, "保護申請の受付"),
    (APPLICATION_EXTEND, "決定期限の延長（30日）"),
    (DECISION_DRAFT, "保護決定の起案"),
    (DECISION_REDRAFT, "保護決定の再起案"),
    (DECISION_REVIEW, "保護決定の審査"),
    (DECISION_RETURN, "保護決定の差戻し"),
    (DECISION_APPROVE, "保護決定の決裁"),
    (DECISION_REPRODUCE, "保護決定の再計算（検証）"),
    (BULK_PREVIEW, "一括認定の試算"),
    (BULK_APPLY, "一括認定（変更決定の一括起案）"),
    (REASON_SAVE, "決定理由の登録・変更"),
    (PRINT_REQUEST, "帳票の作成"),
    (PRINT_PREVIEW, "帳票のプレビュー"),
    (PRINT_REPRINT, "帳票の再発行"),
    (PRINT_DELIVER, "帳票の交付"),
    (PRINT_VOID, "帳票の取消"),
    (NOTICE_TEMPLATE_SAVE, "通知書の文面（教示文・前文）の変更"),
    (EXCHANGE_EXPORT_START, "中間サーバー連携ファイルの出力開始"),
    (EXCHANGE_EXPORT, "中間サーバー連携ファイルの出力"),
    (EXCHANGE_EXPORT_CANCEL, "中断した連携ファイル出力の取消"),
    (EXCHANGE_IMPORT, "中間サーバー結果ファイルの取込"),
    (EXCHANGE_IMPORT_REFUSED, "結果ファイルの取込拒否"),
    (EXCHANGE_REQUEUE, "連携記録の再送"),
    (EXCHANGE_MEDIA_ERASE, "媒体からの消去"),
    (EXCHANGE_MEDIUM_REGISTER, "媒体の登録"),
    (EXCHANGE_MEDIUM_RETIRE, "媒体の廃棄"),
    (EXCHANGE_CHECK_REVIEW, "確認リストの確認"),
    (EXCHANGE_RECONCILE_VIEW, "連携エラー一覧の閲覧"),
    (INQUIRY_REQUEST, "情報照会の依頼"),
    (INVESTIGATION_VIEW, "調査記録の閲覧"),
    (CARE_PROVIDER_SAVE, "介護機関の登録・修正"),
    (CARE_PROVIDER_IMPORT, "介護機関の一括取込"),
    (
        CARE_SETTINGS_SAVE,
        "介護扶助の設定（H番号の付番規則）の変更",
    ),
    (CARE_STATUS_SAVE, "介護保険の資格・認定の記録"),
    (CARE_CASE_REGISTER, "介護扶助の申請受付"),
    (CARE_CASE_VIEW, "介護扶助のケースの閲覧"),
    (CARE_PLAN_RECORD, "居宅介護支援計画の受理の記録"),
    (CARE_ALERTS_VIEW, "介護扶助の期限一覧の閲覧"),
    (CARE_CASE_END, "保護の廃止・却下による介護扶助の終了"),
    (
        LOGIN_FAILED_REPORTED,
        "ログイン失敗（鍵ファイルからの報告）",
    ),
    (LOCKED_OUT_REPORTED, "ログイン停止（鍵ファイルからの報告）"),
    (REFUSED, "拒否された操作"),
    (AUDIT_SUMMARY, "操作ログ日次要約の作成"),
    (REVEAL_KEY_CREATE, "個人番号鍵の作成"),
    (REVEAL_KEY_REQUEST, "個人番号鍵の付与申請"),
    (REVEAL_KEY_GRANT, "個人番号鍵の付与（承認）"),
    (INSTITUTION_SAVE, "指定医療機関の登録・修正"),
    (INSTITUTION_IMPORT, "指定医療機関の一括取込"),
    (MEDICAL_CASE_REGISTER, "医療扶助の申請受付"),
    (MEDICAL_CASE_VIEW, "医療扶助のケースの閲覧"),
    (OTHER_LAW_SAVE, "他法の確認の記録"),
    (OPINION_SEND, "医療要否意見書の送付"),
    (OPINION_RETURN, "医療要否意見書の返送受理"),
    (OPINION_REVIEW, "医療要否意見書の嘱託医審査の記録"),
    (VOUCHER_PROPOSE, "券の月次発行の確認"),
    (VOUCHER_ISSUE, "券の発行"),
    (VOUCHER_VOID, "券の取消"),
    (VOUCHER_REISSUE, "券の再交付"),
    (VOUCHER_CHANGE, "券の有効期間の変更"),
    (VOUCHER_EXCLUDE, "券を今月の発行から除外"),
    (VOUCHER_INCLUDE, "券を今月の発行に戻す"),
    (VOUCHER_ONE_OFF, "券の追加（単発）"),
    (VOUCHER_SHARE_FIX, "本人支払額の確定"),
    (VOUCHER_LEDGER_VIEW, "交付処理簿の閲覧"),
    (VOUCHERS_LIST, "券の一覧の閲覧"),
    (OPINIONS_LIST, "医療要否意見書の一覧の閲覧"),
    (MEDICAL_ALERTS_VIEW, "ホーム画面（意見書の期限）の閲覧"),
    (SITUATION_VIEW, "認定状況の閲覧"),
    (DECISION_VIEW, "保護決定の閲覧"),
    (DECISIONS_LIST, "世帯の保護決定一覧の閲覧"),
    (APPLICATIONS_LIST, "世帯の申請一覧の閲覧"),
    (HOME_VIEW, "ホーム画面（担当世帯・期限）の閲覧"),
    (PRINT_JOBS_LIST, "帳票一覧の閲覧"),
    (DECISION_INBOX, "決裁待ち一覧の閲覧"),
    (
        RATES_INSTALL,
        "国の基準額表の導入（新規作成・プログラム更新）",
    ),
    (CALC_TRIAL, "試算（登録していない世帯の計算）"),
    (APPLICATION_FORM, "保護申請書の内容の修正"),
    (USER_UPDATE, "ユーザーの氏名・役割の変更"),
    (OTHERS_CASE_ACCESS, "他の担当員の世帯を開く（理由つき）"),
    (KEY_SLOT_UPGRADE, "鍵スロットの強化（ログイン時）"),
    (REKEY, "データベースの鍵の更新"),
    (BACKUP, "バックアップの作成"),
    (RESTORE, "バックアップからの復元"),
    (RETENTION_RULE_SAVE, "保存期間の規則の変更"),
    (LEGAL_HOLD, "保存の保留（リーガルホールド）の設定・解除"),
    (RETENTION_PLAN, "保存期間満了の削除予定の作成"),
    (RETENTION_DELETE, "保存期間満了による削除"),
    (ACCESS_REVIEW, "アクセス状況の点検"),
    (OPERATIONS_SETTINGS, "運用設定（バックアップ・警告）の変更"),
];

pub fn label(code: &str) -> &str {
    ALL.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}
