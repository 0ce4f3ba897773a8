//! Madoguchi (窓口): the core of a public-assistance (生活保護) desk system.
//!
//! Rooms, each a module with one job (see `../shared/STYLE.md`):
//! - [`domain`]: types and rules with no I/O (check digits, era dates, search keys, roles, the
//!   kinds of aid, money formatting); it names no other module (`tests/architecture.rs`).
//! - [`calc`]: pure arithmetic over dated rate tables (最低生活費, 収入認定, 保護費, 日割).
//! - [`store`]: the SQLCipher database, key slots, migrations, repositories, transactions.
//! - [`auth`]: login, passwords, lockout.
//! - [`audit`]: the append-only, hash-chained operation log.
//! - [`exchange`]: the queue with the intermediate servers (outbox, batches on media, results).
//! - [`print`]: documents → PDF (IPAex fonts, subset; era dates) and PDF → printer.
//! - [`service`]: use cases the UI and CLI call; each checks permission and is one transaction.
//! - [`help`]: the manual (docs/manual.md), per screen, for F1 in the app.
//! - [`fsutil`]: private files — exclusive creation, 0600/0700, atomic replace, no symlinks.
//! - [`selfcheck`]: 自己診断 — can this installation work (encrypted database, PDF fonts)?
//! - [`demo`]: synthetic, clearly fictitious data for the demo database and benchmarks.
//!
//! The core never depends on Tauri: every command the UI calls is a function here first.

pub mod audit;
pub mod auth;
pub mod calc;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod fsutil;
pub mod help;
pub mod print;
pub mod selfcheck;
pub mod service;
pub mod store;

/// The program version shown by `--version` and the UI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
