//! Types and rules of the desk's work with no I/O: no database, no files, no clock.

pub mod age;
pub mod aid;
pub mod application;
pub mod care_aid;
pub mod case_access;
pub mod checkdigit;
pub mod decision;
pub mod era;
pub mod facts;
pub mod household;
pub mod medical_aid;
pub mod money;
pub mod normalize;
pub mod notice;
pub mod office;
pub mod password;
pub mod postal;
pub mod print_job;
pub mod reveal_purpose;
pub mod role;
pub mod stated_reason;
pub mod text;
pub mod trial;
pub mod voucher;
pub mod workflow;
