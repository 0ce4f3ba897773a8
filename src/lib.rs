//! Madoguchi (窓口): the core of a public-assistance (生活保護) desk system.
//!
//! Rooms, each a module with one job (see `../shared/STYLE.md`):
//! - [`domain`]: types and rules with no I/O (check digits, era dates, search keys, roles).
//! - [`store`]: the SQLCipher database, key slots, migrations, repositories, transactions.
//! - [`auth`]: login, passwords, lockout, sessions.
//! - [`audit`]: the append-only, hash-chained operation log.
//! - [`print`]: documents → PDF (IPAex fonts, subset; era dates) and PDF → printer.
//! - [`service`]: use cases the UI and CLI call; each checks permission and is one transaction.
//!
//! The core never depends on Tauri: every command the UI calls is a function here first.

pub mod audit;
pub mod auth;
pub mod domain;
pub mod print;
pub mod service;
pub mod store;
