//! What one RPC list turns into: the dispatcher (in [`define_rpc!`]), the TypeScript types of
//! every request and response (ts-rs), the TypeScript method map `RpcMethods.ts`, and the
//! method table of `docs/commands.md`. `tests/bindings.rs` fails when the committed files differ
//! from what this writes; `make bindings` rewrites them.

use std::collections::BTreeMap;
use std::path::Path;

use ts_rs::{TypeVisitor, TS};

/// One method of the list, as the generators see it.
pub struct MethodSpec {
    pub name: &'static str,
    /// The doc comment: who may call it and what it does (goes into docs/commands.md).
    pub doc: &'static str,
    /// TypeScript of the params: the type's name, and its fields inline (for the docs).
    pub params_ts: fn() -> String,
    pub params_inline: fn() -> String,
    pub result_ts: fn() -> String,
    /// Writes the params and result types and everything they use into a directory, and
    /// collects the imports the method map needs (type name → file stem).
    pub export: fn(&Path, &mut BTreeMap<String, String>) -> Result<(), ts_rs::ExportError>,
}

/// Export `T` (or, for `Vec<X>`/`Option<X>`, the X inside) with all its dependencies.
struct Exporter<'a> {
    dir: &'a Path,
    imports: &'a mut BTreeMap<String, String>,
    error: Option<ts_rs::ExportError>,
}

impl TypeVisitor for Exporter<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if self.error.is_some() {
            return;
        }
        match T::output_path() {
            Some(path) => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.imports.insert(T::ident(), stem);
                self.error = T::export_all_to(self.dir).err();
            }
            None => T::visit_generics(self),
        }
    }
}

pub fn export_pair<P: TS + 'static, R: TS + 'static>(
    dir: &Path,
    imports: &mut BTreeMap<String, String>,
) -> Result<(), ts_rs::ExportError> {
    let mut v = Exporter {
        dir,
        imports,
        error: None,
    };
    v.visit::<P>();
    v.visit::<R>();
    match v.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The one RPC list. Each entry:
///
/// ```text
/// /// who may call it — what it does (docs/commands.md)
/// method_name(ParamsType) -> ResultType => |desk, params| expression returning Result<ResultType, E>;
/// ```
///
/// generates `dispatch(desk, method, params)` and `methods()` (the list the generators read).
#[macro_export]
macro_rules! define_rpc {
    ($( $(#[doc = $doc:literal])* $name:ident ( $P:ty ) -> $R:ty => |$d:ident, $a:ident| $body:expr ; )*) => {
        /// Route one call to its handler: decode the params, run, encode the result.
        pub(crate) fn dispatch(
            desk: &mut $crate::service::desk::Session,
            method: &str,
            params: &serde_json::Value,
        ) -> Result<serde_json::Value, RpcError> {
            match method {
                $(
                    stringify!($name) => {
                        let $a: $P = decode(method, params)?;
                        let $d = &mut *desk;
                        let r: $R = match $body {
                            Ok(v) => v,
                            Err(e) => return Err(RpcError::from(e)),
                        };
                        encode(r)
                    }
                )*
                other => Err(RpcError::new("RPC_UNKNOWN_METHOD", format!("不明な要求です: {other}"))),
            }
        }

        /// Every method, in list order, for the TypeScript and documentation generators.
        pub fn methods() -> Vec<$crate::service::rpc::contract::MethodSpec> {
            vec![$(
                $crate::service::rpc::contract::MethodSpec {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n"),*),
                    params_ts: <$P as ts_rs::TS>::name,
                    params_inline: <$P as ts_rs::TS>::inline,
                    result_ts: <$R as ts_rs::TS>::name,
                    export: $crate::service::rpc::contract::export_pair::<$P, $R>,
                },
            )*]
        }
    };
}

/// One paragraph from a doc comment (leading spaces of each line dropped, lines joined).
fn one_line(doc: &str) -> String {
    doc.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Write every binding into `dir` (which should be empty): one file per type, plus
/// `RpcMethods.ts`, the method map.
pub fn write_bindings(dir: &Path, methods: &[MethodSpec]) -> Result<(), String> {
    let mut imports = BTreeMap::new();
    // Not a method's params or result, but what the UI needs: what every failed call rejects
    // with, the permission codes, and the results of background jobs (`JobView.result`, by kind:
    // bulk_preview → BulkPreview, bulk_apply → BulkApplyResult, voucher_propose →
    // VoucherProposalView, voucher_issue → RunResult, exchange_export → ExportedView,
    // exchange_import → ImportReport).
    let mut extra = BTreeMap::new();
    export_pair::<super::RpcError, crate::domain::role::Permission>(dir, &mut extra)
        .map_err(|e| e.to_string())?;
    export_pair::<crate::service::views::BulkPreview, crate::service::views::BulkApplyResult>(
        dir, &mut extra,
    )
    .map_err(|e| e.to_string())?;
    export_pair::<crate::service::views::VoucherProposalView, crate::service::vouchers::RunResult>(
        dir, &mut extra,
    )
    .map_err(|e| e.to_string())?;
    export_pair::<crate::service::exchange::ExportedView, crate::service::exchange::ImportReport>(
        dir, &mut extra,
    )
    .map_err(|e| e.to_string())?;
    for m in methods {
        (m.export)(dir, &mut imports).map_err(|e| format!("{}: {e}", m.name))?;
    }
    let mut out = String::new();
    out.push_str(
        "// Generated from the RPC list in src/service/rpc.rs (define_rpc!) by `make bindings`.\n",
    );
    out.push_str("// Do not edit: `make test` fails when this file differs from the list.\n");
    for (name, stem) in &imports {
        out.push_str(&format!("import type {{ {name} }} from \"./{stem}\";\n"));
    }
    out.push_str(
        "\n/** method → params / result: the one contract between the UI and the core. */\n",
    );
    out.push_str("export interface RpcMethods {\n");
    for m in methods {
        let doc = one_line(m.doc);
        if !doc.is_empty() {
            out.push_str(&format!("  /** {} */\n", doc.replace("*/", "* /")));
        }
        out.push_str(&format!(
            "  {}: {{ params: {}; result: {} }};\n",
            m.name,
            (m.params_ts)(),
            (m.result_ts)()
        ));
    }
    out.push_str("}\n\n");
    out.push_str("export type RpcMethod = keyof RpcMethods;\n");
    out.push_str("export type ParamsOf<M extends RpcMethod> = RpcMethods[M][\"params\"];\n");
    out.push_str("export type ResultOf<M extends RpcMethod> = RpcMethods[M][\"result\"];\n\n");
    out.push_str("/** Every method name, in the order of the list. */\n");
    out.push_str("export const RPC_METHODS: readonly RpcMethod[] = [\n");
    for m in methods {
        out.push_str(&format!("  \"{}\",\n", m.name));
    }
    out.push_str("];\n");
    std::fs::write(dir.join("RpcMethods.ts"), out).map_err(|e| e.to_string())
}

pub const DOC_BEGIN: &str =
    "<!-- BEGIN GENERATED: RPC methods (src/service/rpc.rs; `make bindings` rewrites this table) -->";
pub const DOC_END: &str = "<!-- END GENERATED: RPC methods -->";

/// The method table of docs/commands.md, between [`DOC_BEGIN`] and [`DOC_END`].
pub fn methods_table(methods: &[MethodSpec]) -> String {
    let cell = |s: String| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    out.push_str(DOC_BEGIN);
    out.push_str(
        "\n\n| method | params | result | who may call it, what it does |\n|---|---|---|---|\n",
    );
    for m in methods {
        let params = (m.params_ts)();
        let params = if params == "Record<never, never>" {
            "–".to_string()
        } else {
            format!("`{}`", squash(&(m.params_inline)()))
        };
        out.push_str(&format!(
            "| `{}` | {} | `{}` | {} |\n",
            m.name,
            cell(params),
            cell((m.result_ts)()),
            cell(one_line(m.doc))
        ));
    }
    out.push('\n');
    out.push_str(DOC_END);
    out
}

/// Inline TypeScript without its doc comments, on one line.
fn squash(ts: &str) -> String {
    let mut out = String::new();
    let mut rest = ts;
    while let Some(i) = rest.find("/**") {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find("*/") {
            Some(j) => &rest[i + j + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(", }", " }")
}

/// Replace the generated block of `doc` (the whole of docs/commands.md) with `table`.
pub fn splice_doc(doc: &str, table: &str) -> Option<String> {
    let b = doc.find(DOC_BEGIN)?;
    let e = doc.find(DOC_END)? + DOC_END.len();
    Some(format!("{}{}{}", &doc[..b], table, &doc[e..]))
}
