//! 決定通知書: one form for the five notices of a decision (法24条・25条・26条): 保護開始決定通知書,
//! 保護変更決定通知書, 保護停止決定通知書, 保護廃止決定通知書, 保護申請却下通知書. The title, the
//! first row of the table and whether amounts are printed follow the kind.
//!
//! A4 portrait: number and date, addressee, title, the lead sentence (office wording), 記, a ruled
//! table (ケース番号, 対象となる世帯員, for 開始・却下 the application — 申請年月日, 申請者,
//! 申請の内容 and, past 14 days, why —, 決定の内容, 適用年月日, 保護の種類と程度 with the amounts
//! by kind of aid, the first payment or the part-month amount when the decision starts or ends
//! inside a month, 支給方法, 理由), the 教示文 box, the enquiries block with the caseworker, and
//! the issuer with the seal frame. When the reasons or the 教示文 are long the notice runs onto
//! a second page, with page numbers. Amounts from a rate set of invented figures carry
//! 「試験用・実在しない金額」 on every page.
//!
//! A care-aid decision (介護扶助の開始・変更・廃止) is a change of the protection: it is notified
//! on the same form as a 保護変更決定通知書 (a 却下 of care aid as a 保護申請却下通知書), whose
//! table names the person, the insurance and its share, the 認定, the providers with their
//! services and the care-plan office instead of the household's amounts ([`CareNotice`]).
//!
//! The value is built by `service::notices::notice_from_decision`; the wording (lead sentence,
//! 教示文) arrives here already filled in. No field holds a My Number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{draw_chief_with_seal, draw_draft_mark, required, yen_text, OfficeBlock};
use crate::domain::decision::DecisionKind;
use crate::domain::era::format_wareki;
use crate::print::layout::{Align, Canvas, Cell, Paper, Row, Style, Table};
use crate::print::{PrintError, Result};

/// The addressee: the head of the household (世帯主).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    /// 氏名 (printed with 様).
    pub name: String,
    /// 郵便番号 "123-4567" (may be empty).
    #[serde(default)]
    pub postal_code: String,
    pub address: String,
}

/// One kind of aid with its amounts (月額, yen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AidLine {
    /// 生活扶助, 住宅扶助, …
    pub label: String,
    /// 最低生活費 of this kind.
    pub minimum_yen: i64,
    /// 収入充当額.
    pub income_applied_yen: i64,
    /// 扶助額.
    pub aid_yen: i64,
    /// Paid in kind (医療扶助・介護扶助: 現物給付).
    #[serde(default)]
    pub in_kind: bool,
}

/// A member of the household the decision covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeMember {
    pub name: String,
    /// 続柄 (世帯主, 妻, 子 …).
    pub relationship: String,
}

/// The application a 開始 or 却下 answers, as the form has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeApplication {
    /// 申請年月日 (the day the application was received).
    pub received_on: NaiveDate,
    /// 申請者 with the relation, e.g. "見本 太郎（本人）"; empty when the form was not recorded.
    #[serde(default)]
    pub applicant: String,
    /// 申請の内容: the kinds of aid asked for, e.g. "生活扶助・住宅扶助".
    #[serde(default)]
    pub aids_requested: String,
    /// Why the decision took more than 14 days (法24条5項), when the deadline was extended.
    #[serde(default)]
    pub extension_reason: Option<String>,
}

/// The cash benefit of the month a decision starts or ends in, as the calculation gave it
/// (`calc::prorate` through the decision's view; never computed here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPayment {
    /// 「初回支給額」「停止月の支給額」「廃止月の支給額」.
    pub label: String,
    /// Any day of the month the amount is for.
    pub month: NaiveDate,
    pub amount_yen: i64,
    /// The part of the month paid, when it is not the whole month (日割).
    #[serde(default)]
    pub part_month: Option<PartMonth>,
}

/// 日割: the days paid of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartMonth {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    pub days_in_month: i64,
    /// The month's full cash benefit the part was taken from.
    pub full_month_yen: i64,
}

impl MonthPayment {
    /// "令和7年10月分 28,152円（日割: 令和7年10月15日〜令和7年10月31日 17日分／31日、月額 51,337円）".
    pub fn text(&self) -> String {
        let month = crate::domain::era::format_wareki_year_month(self.month);
        let mut t = format!("{month}分　{}", yen_text(self.amount_yen));
        if let Some(p) = &self.part_month {
            t.push_str(&format!(
                "（日割: {}〜{}　{}日分／{}日、月額 {}）",
                format_wareki(p.from),
                format_wareki(p.to),
                p.days,
                p.days_in_month,
                yen_text(p.full_month_yen)
            ));
        }
        t
    }
}

/// What the notice of a care-aid decision states in place of the household's amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareNotice {
    /// 介護扶助を受ける世帯員 (with 続柄).
    pub person: String,
    /// 被保険者区分 and the share, e.g. 「第1号被保険者　介護保険9割・介護扶助1割（併用）」.
    pub insurance: String,
    /// 要介護状態区分 and 認定有効期間, as recorded on the decision's effective date.
    #[serde(default)]
    pub certification: Option<String>,
    /// One line per 指定介護機関: its name and the services, e.g.
    /// 「見本ヘルパーステーション（11 訪問介護）」.
    #[serde(default)]
    pub providers: Vec<String>,
    /// 居宅介護支援事業者 (none for facility services only).
    #[serde(default)]
    pub plan_office: Option<String>,
}

/// What the notice of a medical-aid decision states in place of the household's amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalNotice {
    /// 医療扶助を受ける世帯員 (with 続柄).
    pub person: String,
    /// 社会保険 and 単独・併用, e.g. 「社会保険なし（単独）」.
    pub insurance: String,
    /// One line per 指定医療機関: its name and 診療別, e.g. 「見本内科医院（入院外）」.
    #[serde(default)]
    pub institutions: Vec<String>,
}

/// The aid of a decision about one in-kind aid (現物給付), notified for the one person on the
/// form of a 保護変更決定通知書 (a 却下 as a 保護申請却下通知書).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InKindAid {
    Medical,
    Care,
}

impl InKindAid {
    pub fn label(self) -> &'static str {
        match self {
            InKindAid::Medical => "医療扶助",
            InKindAid::Care => "介護扶助",
        }
    }
    /// The voucher the 本人支払額 is written on.
    fn voucher(self) -> &'static str {
        match self {
            InKindAid::Medical => "医療券",
            InKindAid::Care => "介護券",
        }
    }
}

/// 保護開始決定通知書 / 保護変更決定通知書 / 保護停止決定通知書 / 保護廃止決定通知書 / 保護申請却下通知書.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionNotice {
    pub decision_kind: DecisionKind,
    /// 文書番号, e.g. "窓福第123号"; `None` prints "第　　　　号" to be filled in by hand.
    #[serde(default)]
    pub document_number: Option<String>,
    /// 通知日; also the PDF's creation date.
    pub date: NaiveDate,
    pub addressee: Addressee,
    pub case_number: String,
    /// 対象となる世帯員: the members the decision covers (those the calculation counted, or the
    /// household's members when it has none).
    #[serde(default)]
    pub members: Vec<NoticeMember>,
    /// The application a 開始 or 却下 answers.
    #[serde(default)]
    pub application: Option<NoticeApplication>,
    /// 前文 (the office's wording for this kind).
    pub lead: String,
    /// 適用年月日 (for 却下: the date of the decision).
    pub effective_date: NaiveDate,
    /// 保護の種類と程度; empty for 却下 and for 停止・廃止 without amounts.
    #[serde(default)]
    pub aids: Vec<AidLine>,
    /// 合計 (保護費, 月額); printed under the aids.
    #[serde(default)]
    pub total_yen: Option<i64>,
    /// 本人支払額 (charged on 医療券・介護券), printed when above 0.
    #[serde(default)]
    pub own_payment_yen: Option<i64>,
    /// What 保護の種類と程度 says when there are no amounts (停止・廃止: "保護の全部").
    #[serde(default)]
    pub degree_note: Option<String>,
    /// 初回支給額 of a 開始, or the part-month amount of a 停止・廃止 inside a month.
    #[serde(default)]
    pub month_payment: Option<MonthPayment>,
    /// 支給方法 (e.g. "口座振込（毎月5日）"); the row is left out when `None`.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// The selected reasons (labels of the office's reason list), one per line.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// 理由 in the caseworker's words.
    #[serde(default)]
    pub reason_text: String,
    /// 教示文, placeholders already filled.
    pub appeal: String,
    pub office: OfficeBlock,
    /// 担当 (the household's caseworker) in the enquiries block.
    #[serde(default)]
    pub caseworker: Option<String>,
    /// The amounts come from a rate set of invented test figures: 「試験用・実在しない金額」 on
    /// every page.
    #[serde(default)]
    pub test_figures: bool,
    /// Not yet approved: the 「案」 mark is drawn and the notice must not be sent.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub reissue: bool,
    /// A care-aid decision: `decision_kind` is the care decision's kind.
    #[serde(default)]
    pub care: Option<CareNotice>,
    /// A medical-aid decision: `decision_kind` is the medical decision's kind.
    #[serde(default)]
    pub medical: Option<MedicalNotice>,
}

pub const TITLE_START: &str = "保護開始決定通知書";
pub const TITLE_CHANGE: &str = "保護変更決定通知書";
pub const TITLE_SUSPEND: &str = "保護停止決定通知書";
pub const TITLE_ABOLISH: &str = "保護廃止決定通知書";
pub const TITLE_REJECT: &str = "保護申請却下通知書";

/// The title of the notice for `kind`.
pub fn title(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Start => TITLE_START,
        DecisionKind::Change => TITLE_CHANGE,
        DecisionKind::Suspend => TITLE_SUSPEND,
        DecisionKind::Abolish => TITLE_ABOLISH,
        DecisionKind::Reject => TITLE_REJECT,
    }
}

/// The title of the notice of an in-kind aid's decision of `kind`: a change of the protection,
/// or the refusal of that part of an application.
pub fn in_kind_title(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Reject => TITLE_REJECT,
        _ => TITLE_CHANGE,
    }
}

/// 決定の内容 of an in-kind aid's decision of `kind`.
pub fn in_kind_content_text(aid: InKindAid, kind: DecisionKind) -> &'static str {
    use DecisionKind as K;
    use InKindAid as A;
    match (aid, kind) {
        (A::Medical, K::Start) => "医療扶助を開始します",
        (A::Medical, K::Change) => "医療扶助の内容を変更します",
        (A::Medical, K::Suspend) => "医療扶助を停止します",
        (A::Medical, K::Abolish) => "医療扶助を廃止します",
        (A::Medical, K::Reject) => "医療扶助の申請を却下します",
        (A::Care, K::Start) => "介護扶助を開始します",
        (A::Care, K::Change) => "介護扶助の内容を変更します",
        (A::Care, K::Suspend) => "介護扶助を停止します",
        (A::Care, K::Abolish) => "介護扶助を廃止します",
        (A::Care, K::Reject) => "介護扶助の申請を却下します",
    }
}

/// 決定の内容 for `kind`.
pub fn content_text(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Start => "保護を開始します",
        DecisionKind::Change => "保護の内容を変更します",
        DecisionKind::Suspend => "保護を停止します",
        DecisionKind::Abolish => "保護を廃止します",
        DecisionKind::Reject => "保護の申請を却下します",
    }
}

const LEFT: f32 = 20.0;
const RIGHT: f32 = 190.0;
const TOP: f32 = 22.0;
/// Lowest baseline/box bottom on a page (page numbers sit at 289).
const BOTTOM: f32 = 278.0;
const LABEL_W: f32 = 34.0;

impl DecisionNotice {
    pub fn title(&self) -> &'static str {
        match self.in_kind() {
            Some(_) => in_kind_title(self.decision_kind),
            None => title(self.decision_kind),
        }
    }

    /// Narrow a notice built for the household to one person's in-kind aid: that person as the
    /// member, the application of that aid (for a 開始 or 却下), no cash amounts, and the
    /// 本人支払額 written on the aid's vouchers.
    pub fn narrow_to_person(
        &mut self,
        aid: InKindAid,
        member: NoticeMember,
        applied_on: NaiveDate,
        own_payment_yen: Option<i64>,
    ) {
        self.members = vec![member];
        self.application = matches!(
            self.decision_kind,
            DecisionKind::Start | DecisionKind::Reject
        )
        .then(|| NoticeApplication {
            received_on: applied_on,
            applicant: String::new(),
            aids_requested: aid.label().into(),
            extension_reason: None,
        });
        self.aids.clear();
        self.total_yen = None;
        self.degree_note = None;
        self.month_payment = None;
        self.payment_method = None;
        self.own_payment_yen = own_payment_yen.filter(|v| *v > 0);
    }

    /// The in-kind aid the decision is about, if it is about one.
    pub fn in_kind(&self) -> Option<InKindAid> {
        if self.medical.is_some() {
            Some(InKindAid::Medical)
        } else if self.care.is_some() {
            Some(InKindAid::Care)
        } else {
            None
        }
    }

    fn content_text(&self) -> &'static str {
        match self.in_kind() {
            Some(aid) => in_kind_content_text(aid, self.decision_kind),
            None => content_text(self.decision_kind),
        }
    }

    /// The rows of an in-kind aid's decision in place of the household's amounts: (label, text).
    fn in_kind_rows(&self) -> Vec<(&'static str, &str)> {
        fn listed<'a>(
            rows: &mut Vec<(&'static str, &'a str)>,
            label: &'static str,
            lines: &'a [String],
        ) {
            for (i, l) in lines.iter().enumerate() {
                rows.push((if i == 0 { label } else { "" }, l.as_str()));
            }
        }
        let mut rows = vec![];
        if let Some(m) = &self.medical {
            rows.push(("社会保険", m.insurance.as_str()));
            listed(&mut rows, "指定医療機関", &m.institutions);
        } else if let Some(care) = &self.care {
            rows.push(("被保険者区分", care.insurance.as_str()));
            if let Some(cert) = &care.certification {
                rows.push(("要介護状態区分", cert.as_str()));
            }
            listed(&mut rows, "指定介護機関", &care.providers);
            if let Some(office) = &care.plan_office {
                rows.push(("居宅介護支援", office.as_str()));
            }
        }
        rows
    }

    fn validate(&self) -> Result<()> {
        required(&self.addressee.name, "宛名（世帯主の氏名）")?;
        required(&self.addressee.address, "宛先の住所")?;
        required(&self.case_number, "ケース番号")?;
        required(&self.lead, "前文")?;
        required(&self.appeal, "教示文")?;
        required(&self.office.office_name, "福祉事務所名")?;
        required(&self.office.chief_name, "所長の氏名")?;
        if self.reasons.is_empty() && self.reason_text.trim().is_empty() {
            return Err(PrintError::InvalidDocument("決定の理由がありません".into()));
        }
        if self.decision_kind == DecisionKind::Reject && !self.aids.is_empty() {
            return Err(PrintError::InvalidDocument(
                "却下の通知に扶助額は記載できません".into(),
            ));
        }
        if let Some(care) = &self.care {
            required(&care.person, "介護扶助を受ける世帯員")?;
            if matches!(
                self.decision_kind,
                DecisionKind::Start | DecisionKind::Change
            ) && care.providers.is_empty()
            {
                return Err(PrintError::InvalidDocument(
                    "介護扶助の開始・変更の通知には指定介護機関が必要です".into(),
                ));
            }
        } else if let Some(m) = &self.medical {
            required(&m.person, "医療扶助を受ける世帯員")?;
            if matches!(
                self.decision_kind,
                DecisionKind::Start | DecisionKind::Change
            ) && m.institutions.is_empty()
            {
                return Err(PrintError::InvalidDocument(
                    "医療扶助の開始・変更の通知には指定医療機関が必要です".into(),
                ));
            }
        } else if self.decision_kind.requires_calculation() && self.aids.is_empty() {
            return Err(PrintError::InvalidDocument(format!(
                "{}の通知には保護の種類と程度（扶助額）が必要です",
                self.decision_kind.label()
            )));
        }
        Ok(())
    }

    /// "見本 太郎（世帯主）、見本 花子（妻）".
    pub fn members_text(&self) -> String {
        self.members
            .iter()
            .map(|m| {
                if m.relationship.trim().is_empty() {
                    m.name.clone()
                } else {
                    format!("{}（{}）", m.name, m.relationship)
                }
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    /// 理由 as printed: each selected reason on its own line, then the free text.
    pub fn reason_block(&self) -> String {
        let mut lines: Vec<String> = self.reasons.iter().map(|r| format!("・{r}")).collect();
        if !self.reason_text.trim().is_empty() {
            lines.push(self.reason_text.trim().to_string());
        }
        lines.join("\n")
    }
}

/// Height in mm of `lines` lines of `style` in a table cell, with padding.
fn cell_height(lines: usize, style: Style) -> f32 {
    let size = style.size / (72.0 / 25.4);
    (lines.max(1) as f32 * size * 1.5 + 3.0).max(8.0)
}

/// The page has room for `h` mm below `y`; otherwise start a new page.
fn ensure_room(c: &mut Canvas, y: &mut f32, h: f32) {
    if *y + h > BOTTOM && *y > TOP + 1.0 {
        c.new_page();
        *y = TOP;
    }
}

/// Draw numbered paragraphs ("1　…") with the wrapped lines indented under the text, not the
/// number. Returns the baseline after the last line.
pub(crate) fn numbered_paragraphs(
    c: &mut Canvas,
    x: f32,
    y: f32,
    width: f32,
    text: &str,
    style: Style,
    lh: f32,
) -> f32 {
    let mut y = y;
    for para in text.split('\n') {
        let (marker, body) = match para.split_once('　') {
            Some((m, b)) if !m.is_empty() && m.chars().count() <= 3 => (Some(m), b),
            _ => (None, para),
        };
        let indent = match marker {
            Some(m) => c.measure(&format!("{m}　"), style),
            None => 0.0,
        };
        if let Some(m) = marker {
            c.text(x, y, m, style);
        }
        for line in c.wrap(body, width - indent, style) {
            c.text(x + indent, y, &line, style);
            y += lh;
        }
        if body.is_empty() {
            y += lh;
        }
    }
    y
}

/// Number of lines [`numbered_paragraphs`] will draw.
fn numbered_line_count(c: &Canvas, width: f32, text: &str, style: Style) -> usize {
    text.split('\n')
        .map(|para| {
            let (indent, body) = match para.split_once('　') {
                Some((m, b)) if !m.is_empty() && m.chars().count() <= 3 => {
                    (c.measure(&format!("{m}　"), style), b)
                }
                _ => (0.0, para),
            };
            c.wrap(body, width - indent, style).len().max(1)
        })
        .sum()
}

/// Draw the notice: one A4 page, two when the reasons or the 教示文 are long.
pub fn draw(n: &DecisionNotice) -> Result<Canvas> {
    n.validate()?;
    let mut c = Canvas::new(Paper::A4)?;
    let body = Style::mincho(11.0);
    let width = RIGHT - LEFT;

    if n.draft {
        draw_draft_mark(&mut c, LEFT, 10.0);
    } else if n.reissue {
        c.reissue_mark(LEFT, 10.0);
    }

    // Number and date, top right.
    let number = n
        .document_number
        .clone()
        .unwrap_or_else(|| "第　　　　号".into());
    c.text_aligned(LEFT, TOP, width, &number, body, Align::Right);
    c.text_aligned(
        LEFT,
        TOP + 6.5,
        width,
        &format_wareki(n.date),
        body,
        Align::Right,
    );

    // Addressee, top left.
    let mut y = TOP + 16.0;
    let small = Style::mincho(10.0);
    if !n.addressee.postal_code.is_empty() {
        c.text(
            LEFT + 2.0,
            y,
            &format!("〒{}", n.addressee.postal_code),
            small,
        );
        y += 5.5;
    }
    for line in c.wrap(&n.addressee.address, 100.0, small) {
        c.text(LEFT + 2.0, y, &line, small);
        y += 5.5;
    }
    y += 4.0;
    let to = Style::mincho(14.0);
    let name = format!("{}　様", n.addressee.name);
    let w = c.measure(&name, to).max(70.0);
    c.text(LEFT + 2.0, y, &name, to);
    c.line(LEFT + 2.0, y + 2.0, LEFT + 2.0 + w, y + 2.0, 0.6);

    // Issuer under the date, right (the seal goes here as on every official letter).
    y += 10.0;
    let o = &n.office;
    c.text_aligned(
        LEFT,
        y,
        width - 18.0,
        &o.office_name,
        Style::mincho(11.5),
        Align::Right,
    );
    y += 8.0;
    draw_chief_with_seal(&mut c, RIGHT, y, o);

    // Title and lead.
    y += 14.0;
    let title_style = Style::gothic(18.0).bold();
    let title_text = if n.draft {
        format!("{}（案）", n.title())
    } else {
        n.title().to_string()
    };
    c.text_aligned(LEFT, y, width, &title_text, title_style, Align::Center);
    y += 10.0;
    y = c.paragraph(
        LEFT + 4.0,
        y,
        width - 8.0,
        &format!("　{}", n.lead.trim()),
        body,
        6.5,
    );
    y += 1.5;
    c.text_aligned(LEFT, y, width, "記", body, Align::Center);
    y += 5.0;

    // The table, section by section (a section never splits across pages).
    let vstyle = Style::mincho(10.5);
    // Labels of up to 5 characters are spread (均等割り); longer ones are centred.
    let label = |t: &str| {
        let cell = Cell::label(t, 10.0);
        if t.chars().count() > 5 {
            Cell {
                align: Align::Center,
                ..cell
            }
        } else {
            cell
        }
    };
    let value_w = width - LABEL_W;
    let simple = |c: &mut Canvas, y: &mut f32, l: &str, v: &str| {
        let lines = c.wrap(v, value_w - 4.0, vstyle).len();
        let h = cell_height(lines, vstyle);
        ensure_room(c, y, h);
        c.table(&Table {
            x: LEFT,
            y: *y,
            widths: vec![LABEL_W, value_w],
            rows: vec![Row {
                height: h,
                cells: vec![label(l), Cell::new(v, vstyle)],
            }],
        });
        *y += h;
    };
    simple(&mut c, &mut y, "ケース番号", &n.case_number);
    if !n.members.is_empty() {
        simple(&mut c, &mut y, "対象となる世帯員", &n.members_text());
    }
    if let Some(a) = &n.application {
        simple(&mut c, &mut y, "申請年月日", &format_wareki(a.received_on));
        if !a.applicant.trim().is_empty() {
            simple(&mut c, &mut y, "申請者", &a.applicant);
        }
        if !a.aids_requested.trim().is_empty() {
            simple(
                &mut c,
                &mut y,
                "申請の内容",
                &format!("{}の申請", a.aids_requested),
            );
        }
        if let Some(r) = a
            .extension_reason
            .as_deref()
            .filter(|r| !r.trim().is_empty())
        {
            simple(&mut c, &mut y, "14日を超えた理由", r.trim());
        }
    }
    simple(&mut c, &mut y, "決定の内容", n.content_text());
    let date_label = if n.decision_kind == DecisionKind::Reject {
        "決定年月日"
    } else {
        "適用年月日"
    };
    simple(&mut c, &mut y, date_label, &format_wareki(n.effective_date));

    if let Some(aid) = n
        .in_kind()
        .filter(|_| n.decision_kind != DecisionKind::Reject)
    {
        let degree = format!("{}（現物給付）", aid.label());
        simple(&mut c, &mut y, "保護の種類と程度", &degree);
        for (label, text) in n.in_kind_rows() {
            simple(&mut c, &mut y, label, text);
        }
        if let Some(own) = n.own_payment_yen.filter(|v| *v > 0) {
            simple(
                &mut c,
                &mut y,
                "本人支払額",
                &format!("月額 {}（{}に記載）", yen_text(own), aid.voucher()),
            );
        }
    } else if n.decision_kind != DecisionKind::Reject {
        if n.aids.is_empty() {
            let note = n.degree_note.clone().unwrap_or_else(|| "—".into());
            simple(&mut c, &mut y, "保護の種類と程度", &note);
        } else {
            let num = Style::mincho(10.0);
            let head = |t: &str| Cell::new(t, Style::gothic(9.0)).align(Align::Center);
            let amount = |v: i64| Cell::new(yen_text(v), num).align(Align::Right);
            let mut rows = vec![Row {
                height: 6.5,
                cells: vec![
                    head("扶助の種類"),
                    head("最低生活費"),
                    head("収入充当額"),
                    head("扶助額（月額）"),
                ],
            }];
            for a in &n.aids {
                let lab = if a.in_kind {
                    format!("{}（現物給付）", a.label)
                } else {
                    a.label.clone()
                };
                rows.push(Row {
                    height: 6.5,
                    cells: vec![
                        Cell::new(lab, num),
                        amount(a.minimum_yen),
                        amount(a.income_applied_yen),
                        amount(a.aid_yen),
                    ],
                });
            }
            if let Some(total) = n.total_yen {
                let sum = |f: fn(&AidLine) -> i64| n.aids.iter().map(f).sum::<i64>();
                rows.push(Row {
                    height: 7.5,
                    cells: vec![
                        Cell::new("合計", Style::gothic(10.0)).align(Align::Center),
                        amount(sum(|a| a.minimum_yen)),
                        amount(sum(|a| a.income_applied_yen)),
                        Cell::new(yen_text(total), Style::mincho(10.0).bold()).align(Align::Right),
                    ],
                });
            }
            if let Some(own) = n.own_payment_yen.filter(|v| *v > 0) {
                rows.push(Row {
                    height: 7.0,
                    cells: vec![
                        Cell::new("本人支払額（医療券・介護券に記載）", Style::mincho(9.0)).span(3),
                        amount(own),
                    ],
                });
            }
            let sub = Table {
                x: LEFT + LABEL_W,
                y,
                widths: vec![43.0, 31.0, 31.0, value_w - 105.0],
                rows,
            };
            let h = sub.height();
            ensure_room(&mut c, &mut y, h);
            let sub = Table { y, ..sub };
            c.table(&Table {
                x: LEFT,
                y,
                widths: vec![LABEL_W],
                rows: vec![Row {
                    height: h,
                    cells: vec![label("保護の種類と程度")],
                }],
            });
            c.table(&sub);
            y += h;
        }
        if let Some(p) = &n.month_payment {
            simple(&mut c, &mut y, &p.label, &p.text());
        }
        if let Some(method) = n.payment_method.as_deref().filter(|m| !m.trim().is_empty()) {
            simple(&mut c, &mut y, "支給方法", method);
        }
    }
    simple(&mut c, &mut y, "理由", &n.reason_block());

    // 教示 box.
    let gstyle = Style::mincho(9.5);
    let glh = 5.0;
    let inner = width - 8.0;
    let lines = numbered_line_count(&c, inner, &n.appeal, gstyle);
    let box_h = 11.0 + lines as f32 * glh + 2.0;
    y += 6.0;
    ensure_room(&mut c, &mut y, box_h);
    c.rect(LEFT, y, width, box_h, 0.8);
    c.text(LEFT + 4.0, y + 6.5, "（教示）", Style::gothic(10.0));
    numbered_paragraphs(&mut c, LEFT + 4.0, y + 12.5, inner, &n.appeal, gstyle, glh);
    y += box_h;

    // Enquiries, at the foot of the last page: the office and the caseworker.
    let foot = Style::mincho(9.0);
    y += 8.0;
    ensure_room(&mut c, &mut y, 12.0);
    c.text(
        LEFT,
        y,
        &format!("【問合せ先】{}　{}", o.office_name, o.address_line()),
        foot,
    );
    let mut second = vec![];
    if !o.phone.is_empty() {
        second.push(format!("電話 {}", o.phone));
    }
    if let Some(cw) = n.caseworker.as_deref().filter(|c| !c.trim().is_empty()) {
        second.push(format!("担当 {}", cw.trim()));
    }
    if !second.is_empty() {
        c.text(LEFT + 22.0, y + 5.0, &second.join("　"), foot);
    }

    if n.test_figures {
        let w = c.test_figures_mark_width();
        c.test_figures_mark_every_page(RIGHT - w, 6.0);
    }
    if c.page_count() > 1 {
        c.page_numbers();
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::samples;

    #[test]
    fn titles_follow_the_kind() {
        assert_eq!(title(DecisionKind::Reject), "保護申請却下通知書");
        assert_eq!(
            samples::decision_notice(DecisionKind::Change).title(),
            "保護変更決定通知書"
        );
    }

    #[test]
    fn each_kind_draws_on_two_pages_at_most() {
        // The decision on the first page; the 教示 (every element of 行政事件訴訟法46条, about
        // 14 lines) is never split and goes whole onto the second.
        for k in DecisionKind::ALL {
            assert!(
                draw(&samples::decision_notice(k)).unwrap().page_count() <= 2,
                "{k:?}"
            );
        }
    }

    #[test]
    fn long_reasons_run_onto_more_pages() {
        let mut n = samples::decision_notice(DecisionKind::Start);
        n.reason_text = "世帯の収入が最低生活費に満たないことを確認しました。".repeat(30);
        assert!(draw(&n).unwrap().page_count() >= 2);
    }

    #[test]
    fn reject_with_amounts_and_start_without_are_refused() {
        let mut n = samples::decision_notice(DecisionKind::Reject);
        n.aids = samples::decision_notice(DecisionKind::Start).aids;
        assert_eq!(draw(&n).err().unwrap().code(), "PRINT_INVALID_DOCUMENT");
        let mut n = samples::decision_notice(DecisionKind::Start);
        n.aids.clear();
        assert!(draw(&n).is_err());
        let mut n = samples::decision_notice(DecisionKind::Start);
        n.reasons.clear();
        n.reason_text.clear();
        assert!(draw(&n).is_err());
    }
}
