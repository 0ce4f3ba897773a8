//! 介護扶助 (care aid) use cases: the provider register and its CSV import, a person's 介護保険
//! status with the H-number, care-aid cases and their care plans, the warnings list.
//!
//! The decision itself (開始・変更・廃止・却下) is drafted in `service::decisions::care` into the
//! ordinary decision workflow; its approval updates the case (never the household's status).
//!
//! - [`providers`]: 指定介護機関・居宅介護支援事業者 (search, save, CSV import with dry run).
//! - [`status`]: 介護保険 status records, the H-number, the office's H-number rule.
//! - [`cases`]: the case, its plans, its view and the warnings.
//! - `notice`: what the decision notice of a care-aid decision states.

pub mod cases;
mod notice;
pub mod providers;
mod scheme;
pub mod status;

pub(crate) use notice::care_notice_kind;
pub use scheme::CareScheme;

pub use cases::{CareCaseInput, CarePlanInput};
pub use status::{CareSettingsView, CareStatusInput};
