//! The audit log as an administrator reads it: who (name), the target by name or case number,
//! and what changed as rows of item / old / new in Japanese — not the stored JSON or internal IDs.
//! The stored entry itself is never rewritten; this only reads it.

use rusqlite::Connection;
use serde_json::Value;

use super::views::{AuditChangeView, AuditFactView};
use crate::domain::aid::AidKind;
use crate::domain::era::format_wareki;
use crate::domain::household::HouseholdStatus;
use crate::domain::role::Role;
use crate::store::{households as hh, print_jobs, users};

/// The Japanese name of a detail key ("address" → 住所); the key itself when none is known.
fn item_label(key: &str) -> &str {
    match key {
        "display_name" => "氏名",
        "role" => "役割",
        "disabled" => "無効",
        "case_number" => "ケース番号",
        "postal_code" => "郵便番号",
        "address" => "住所",
        "phone" => "電話",
        "caseworker_id" => "担当",
        "status" => "状態",
        "name" => "氏名",
        "kana" => "カナ",
        "birth_date" => "生年月日",
        "sex" => "性別",
        "relationship" => "続柄",
        "is_head" => "世帯主",
        "my_number" => "個人番号",
        "addressee_number" => "団体内統合宛名番号",
        "dv_protected" => "DV等支援措置",
        "death_date" => "死亡日",
        "received_on" => "申請日",
        "consulted_on" => "相談日",
        "deadline" => "決定期限",
        "reason" => "理由",
        "purpose" => "目的・用途",
        "open_reason" => "閲覧の理由",
        "form" => "保護申請書",
        "applicant_name" => "申請者の氏名",
        "applicant_relationship" => "申請者と世帯の関係",
        "main_complaint" => "主訴",
        "aids_requested" => "申請する扶助",
        "aids" => "扶助の種類",
        "asset_declaration" => "資産申告書",
        "income_declaration" => "収入申告書",
        "consent_form" => "同意書",
        "support_obligors" => "扶養義務者",
        "inquire" => "扶養照会",
        "no_inquiry_reason" => "照会しない理由",
        "effective_date" => "適用日",
        "kind" => "種類",
        "state" => "状態",
        "comment" => "コメント",
        "copies" => "部数",
        "printer" => "プリンター",
        "issue_number" => "発行番号",
        "reissue" => "再発行",
        "ok" => "結果",
        "error" => "エラー",
        "query" => "検索語",
        "date" => "日付",
        "from" => "期間（から）",
        "to" => "期間（まで）",
        "office_name" => "事務所名",
        "public_payer_number" => "公費負担者番号",
        "municipality_code" => "市町村コード",
        "prefecture" => "都道府県",
        "grade" => "級地",
        "chief_title" => "所長の職名",
        "chief_name" => "所長の氏名",
        "idle_lock_minutes" => "自動ロック（分）",
        "municipality_name" => "市町村名",
        "municipality_head" => "市町村長",
        "case_number_prefix" => "ケース番号の接頭辞",
        "case_number_digits" => "ケース番号の桁数",
        "case_number_next" => "次のケース番号",
        "care_recipient_number" => "介護券の受給者番号",
        "what" => "操作",
        "code" => "コード",
        "message" => "内容",
        "permission" => "権限",
        other => other,
    }
}

/// A stored value as the clerk reads it: 和暦 dates, はい/いいえ, labels for codes.
fn value_text(key: &str, v: &Value) -> String {
    match v {
        Value::Null => "（なし）".into(),
        Value::Bool(b) => if *b { "はい" } else { "いいえ" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_text(key, s),
        Value::Array(items) if items.is_empty() => "（なし）".into(),
        Value::Array(items) => items
            .iter()
            .map(|i| value_text(key, i))
            .collect::<Vec<_>>()
            .join("・"),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !is_internal(k))
            .map(|(k, v)| format!("{}: {}", item_label(k), value_text(k, v)))
            .collect::<Vec<_>>()
            .join("、"),
    }
}

fn string_text(key: &str, s: &str) -> String {
    if s.is_empty() {
        return "（空欄）".into();
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return format_wareki(d);
    }
    let label = match key {
        "role" => s.parse::<Role>().ok().map(|r| r.label().to_string()),
        "status" => HouseholdStatus::from_code(s).map(|x| x.label().to_string()),
        "aids" | "aids_requested" => AidKind::from_code(s).map(|a| a.label().to_string()),
        "care_recipient_number" => {
            crate::domain::voucher::CareRecipientNumber::from_code(s).map(|c| c.label().to_string())
        }
        _ => None,
    };
    label.unwrap_or_else(|| s.to_string())
}

/// Keys that carry only internal row IDs or hashes (the target is already named). Account IDs
/// (担当, ユーザー) are what staff log in with, not internal.
fn is_internal(key: &str) -> bool {
    let account = matches!(key, "caseworker_id" | "user_id" | "holder_id");
    !account
        && (key == "id" || key.ends_with("_id") || key.ends_with("_ids") || key.ends_with("hash"))
}

fn is_change(v: &Value) -> Option<(&Value, &Value)> {
    let m = v.as_object()?;
    match (m.get("old"), m.get("new")) {
        (Some(o), Some(n)) if m.len() == 2 => Some((o, n)),
        _ => None,
    }
}

/// Every `{ "old": …, "new": … }` in the detail as rows (an object changed field by field is one
/// row per field that differs); the rest as facts.
pub(crate) fn read_detail(detail: &Value) -> (Vec<AuditChangeView>, Vec<AuditFactView>) {
    let mut changes = vec![];
    let mut facts = vec![];
    let Some(map) = detail.as_object() else {
        if !detail.is_null() {
            facts.push(AuditFactView {
                item: "内容".into(),
                value: value_text("", detail),
            });
        }
        return (changes, facts);
    };
    if let Some((o, n)) = is_change(detail) {
        push_change(&mut changes, "", "内容", o, n);
        return (changes, facts);
    }
    for (k, v) in map {
        if is_internal(k) {
            continue;
        }
        match is_change(v) {
            Some((o, n)) => push_change(&mut changes, k, item_label(k), o, n),
            None => facts.push(AuditFactView {
                item: item_label(k).into(),
                value: value_text(k, v),
            }),
        }
    }
    (changes, facts)
}

fn push_change(out: &mut Vec<AuditChangeView>, key: &str, item: &str, old: &Value, new: &Value) {
    if let (Some(o), Some(n)) = (old.as_object(), new.as_object()) {
        let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            let (a, b) = (
                o.get(k).unwrap_or(&Value::Null),
                n.get(k).unwrap_or(&Value::Null),
            );
            if a != b && !is_internal(k) {
                out.push(AuditChangeView {
                    item: format!("{item}・{}", item_label(k)),
                    old: value_text(k, a),
                    new: value_text(k, b),
                });
            }
        }
        return;
    }
    out.push(AuditChangeView {
        item: item.into(),
        old: value_text(key, old),
        new: value_text(key, new),
    });
}

/// The target by name or case number (as far as it still exists).
pub(crate) fn target_label(
    conn: &Connection,
    kind: Option<&str>,
    id: Option<&str>,
) -> Option<String> {
    let kind = kind?;
    let id = id.unwrap_or_default();
    let n: Option<i64> = id.parse().ok();
    let named = match kind {
        "household" => n.and_then(|n| {
            let h = hh::get(conn, n).ok()??;
            let head = hh::head_name(conn, n).unwrap_or_default();
            Some(
                format!("世帯 {} {head}", h.case_number)
                    .trim_end()
                    .to_string(),
            )
        }),
        "person" => n.and_then(|n| {
            let p = hh::person_including_removed(conn, n).ok()?;
            let h = hh::get(conn, p.household_id).ok()??;
            Some(format!("{}（世帯 {}）", p.name, h.case_number))
        }),
        "user" | "unknown_user" => users::get(conn, id)
            .ok()
            .flatten()
            .map(|u| format!("{}（{}）", u.display_name, u.user_id)),
        "document" => n.and_then(|n| {
            let j = print_jobs::get(conn, n).ok()??;
            Some(match j.issue_number {
                Some(no) => format!("{} {no}", j.title),
                None => j.title,
            })
        }),
        "office" => Some("事務所設定".into()),
        "database" => Some("データベース".into()),
        _ => None,
    };
    named.or_else(|| {
        let kind_label = match kind {
            "household" => "世帯",
            "person" => "世帯員",
            "user" | "unknown_user" => "ユーザー",
            "document" => "帳票",
            "exchange_batch" => "連携ファイル",
            "medium" => "媒体",
            "care_provider" => "介護事業者",
            "rate_set" => "基準額表",
            "decision_reason" => "決定理由",
            "retention_rule" => "保存期間",
            other => other,
        };
        Some(format!("{kind_label} {id}").trim_end().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_rows_in_japanese_and_ids_are_left_out() {
        let (changes, facts) = read_detail(&json!({
            "application_id": 7,
            "reason": "扶養義務者の調査",
            "deadline": { "old": "2025-06-15", "new": "2025-07-01" },
            "form": { "old": { "consent_form": false, "applicant_name": "甲" },
                      "new": { "consent_form": true, "applicant_name": "甲" } },
            "role": { "old": "caseworker", "new": "readonly" },
        }));
        let rows: Vec<_> = changes
            .iter()
            .map(|c| (c.item.as_str(), c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("決定期限", "令和7年6月15日", "令和7年7月1日"),
                ("保護申請書・同意書", "いいえ", "はい"),
                ("役割", "地区担当員", "閲覧のみ"),
            ]
        );
        assert_eq!(facts.len(), 1);
        assert_eq!(
            (facts[0].item.as_str(), facts[0].value.as_str()),
            ("理由", "扶養義務者の調査")
        );
    }

    #[test]
    fn the_reason_for_opening_another_caseworkers_case_reads_as_such() {
        let (changes, facts) = read_detail(&json!({
            "case_number": "K000050",
            "open_reason": "担当者不在時の代理対応",
            "caseworker_id": "cw1",
        }));
        assert!(changes.is_empty());
        let facts: Vec<_> = facts
            .iter()
            .map(|f| (f.item.as_str(), f.value.as_str()))
            .collect();
        assert!(
            facts.contains(&("閲覧の理由", "担当者不在時の代理対応")),
            "{facts:?}"
        );
        assert!(facts.contains(&("担当", "cw1")), "{facts:?}");
    }
}
