//! 操作マニュアル (the manual): `docs/manual.md` is the one source — read on its own, shipped in
//! the package, and shown in the app per screen (F1). Each screen's section starts with a
//! `<!-- screen: KEY -->` line before its `## ` heading, KEY being the UI's name for the screen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

static MANUAL: &str = include_str!("../docs/manual.md");

/// Every screen the app can show, by the UI's name; each must have its section (tested).
pub const SCREENS: &[&str] = &[
    "first-run",
    "setup-done",
    "login",
    "home",
    "household",
    "household-form",
    "member-form",
    "decision",
    "inbox",
    "bulk",
    "rates",
    "trial",
    "print",
    "preview",
    "medical",
    "care",
    "exchange",
    "operations",
    "users",
    "office",
    "audit",
    "password",
    "lock",
];

/// One screen's part of the manual, rendered.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HelpView {
    pub screen: String,
    pub title: String,
    /// The section as HTML (from the manual's Markdown; the manual is part of the program).
    pub html: String,
    /// The manual's common part (keys used everywhere), as HTML.
    pub common_html: String,
}

struct Section<'a> {
    key: &'a str,
    title: &'a str,
    body: &'a str,
}

const MARK: &str = "<!-- screen: ";

/// The screens' sections, in the manual's order.
fn sections() -> Vec<Section<'static>> {
    let mut out = vec![];
    let mut rest = MANUAL;
    while let Some(i) = rest.find(MARK) {
        rest = &rest[i + MARK.len()..];
        let Some(end) = rest.find(" -->") else { break };
        let key = rest[..end].trim();
        rest = &rest[end + 4..];
        let next = rest
            .find(MARK)
            .or_else(|| rest.find("<!-- end of screens -->"))
            .unwrap_or(rest.len());
        let text = rest[..next].trim();
        let (title, body) = match text.strip_prefix("## ") {
            Some(t) => t.split_once('\n').unwrap_or((t, "")),
            None => ("", text),
        };
        out.push(Section {
            key,
            title: title.trim(),
            body: body.trim(),
        });
    }
    out
}

fn html(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut s = String::new();
    pulldown_cmark::html::push_html(&mut s, parser);
    s
}

/// The common part: from after the title to the first screen's section.
fn common() -> &'static str {
    let start = MANUAL.find('\n').unwrap_or(0);
    let end = MANUAL.find(MARK).unwrap_or(MANUAL.len());
    MANUAL[start..end].trim()
}

/// The help for `screen`; an unknown screen gets the manual's common part alone.
pub fn for_screen(screen: &str) -> HelpView {
    let common_html = html(common());
    match sections().into_iter().find(|s| s.key == screen) {
        Some(s) => HelpView {
            screen: s.key.into(),
            title: s.title.into(),
            html: html(s.body),
            common_html,
        },
        None => HelpView {
            screen: screen.into(),
            title: "操作マニュアル".into(),
            html: String::new(),
            common_html,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_has_one_section_with_a_title_and_text() {
        let all = sections();
        for key in SCREENS {
            let found: Vec<_> = all.iter().filter(|s| s.key == *key).collect();
            assert_eq!(found.len(), 1, "docs/manual.md: section for screen {key}");
            assert!(
                !found[0].title.is_empty() && found[0].body.len() > 40,
                "{key}"
            );
        }
        for s in &all {
            assert!(
                SCREENS.contains(&s.key),
                "manual section for unknown screen {}",
                s.key
            );
        }
    }

    /// Every screen the UI can show (its `Route` names, ui/src/lib/app.svelte.ts) is one of
    /// [`SCREENS`], so F1 never opens an empty section.
    #[test]
    fn every_route_of_the_ui_is_a_screen_with_help() {
        let source = include_str!("../ui/src/lib/app.svelte.ts");
        let start = source.find("export type Route =").expect("the Route type");
        let end = start + source[start..].find(";\n\n").expect("its end");
        let routes: Vec<&str> = source[start..end]
            .split("name: \"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert!(routes.len() > 10, "{routes:?}");
        for r in routes {
            assert!(
                SCREENS.contains(&r),
                "screen {r} has no section in docs/manual.md"
            );
        }
    }

    #[test]
    fn a_screens_help_is_its_own_section_rendered() {
        let h = for_screen("first-run");
        assert_eq!(h.title, "初回設定");
        assert!(h.html.contains("<li>"), "{}", h.html);
        assert!(h.html.contains("公費負担者番号"));
        assert!(
            !h.html.contains("## ログイン") && !h.html.contains("ユーザーID とパスワードを入力")
        );
        assert!(h.common_html.contains("F1"));
        assert!(!h.common_html.contains("screen:"));
        let other = for_screen("audit");
        assert!(other.html.contains("改ざん検査"));
        assert!(!other.html.contains("公費負担者番号"));
    }
}
