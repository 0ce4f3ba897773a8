//! What the screens receive: display-ready values, TypeScript types generated with ts-rs into
//! `ui/src/lib/bindings/` so the UI never guesses a shape.
//!
//! One file per feature; everything is re-exported here, so `views::X` names any view.

mod admin;
mod care_aid;
mod decisions;
mod medical_aid;
mod printing;
mod registry;
mod session;
mod vouchers;

pub use admin::*;
pub use care_aid::*;
pub use decisions::*;
pub use medical_aid::*;
pub use printing::*;
pub use registry::*;
pub use session::*;
pub use vouchers::*;
