//! 医療扶助 use cases: designated institutions, the medical-aid case (application, 他法,
//! 医療要否意見書), the hooks the decision workflow calls on approval, and
//! [`MedicalScheme`] — the medical half of the monthly voucher run.
//!
//! The run itself (proposal, idempotent issue, resume, void/再交付, ledger, clipping) is the
//! generic `service::vouchers`; this module only says which 医療券・調剤券 are due and what
//! they carry. Medical-aid decisions go through the ordinary decision workflow
//! (`service::decisions`, `medical.rs` there drafts them); on approval it calls [`hooks`].
//!
//! - [`institutions`]: 指定医療機関 — search, save, CSV import with a dry run.
//! - [`cases`]: the case, its 他法 checks, the opinion-form cycle, the home-screen warnings,
//!   one-off vouchers.
//! - [`hooks`]: what an approved decision changes here (case status, the fixed 本人支払額,
//!   online-eligibility records, clipping through `vouchers::reconcile`).

pub mod cases;
pub(crate) mod hooks;
pub mod institutions;
mod notice;
mod scheme;

pub(crate) use scheme::institution_facts as institution_facts_of;
pub use scheme::MedicalScheme;
