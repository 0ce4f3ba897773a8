//! 情報照会: which agency can be asked for which information (seed 000 §3.1), and the labels the
//! screens show. A caseworker's request becomes an outbox record (`service::exchange`); the answer
//! comes back in the result file and is attached to the household's 調査記録 by the import.

use super::record::{Agency, Information, Procedure};

pub const AGENCIES: [Agency; 5] = [
    Agency::Municipality,
    Agency::MedicalInsurer,
    Agency::PensionInsurer,
    Agency::LabourStandards,
    Agency::EmploymentOffice,
];

pub const PROCEDURES: [Procedure; 5] = [
    Procedure::Start,
    Procedure::Change,
    Procedure::PostAbolition,
    Procedure::MedicalAid,
    Procedure::CareAid,
];

/// The information each agency provides, in the order a form lists it.
pub fn information_of(agency: Agency) -> &'static [Information] {
    use Information::*;
    match agency {
        Agency::Municipality => &[LocalTax, Allowances, CareInsurance, IndependenceSupport],
        Agency::MedicalInsurer => &[MedicalInsurance],
        Agency::PensionInsurer => &[Pension],
        Agency::LabourStandards => &[WorkersCompensation],
        Agency::EmploymentOffice => &[Unemployment],
    }
}

pub fn provides(agency: Agency, information: Information) -> bool {
    information_of(agency).contains(&information)
}

pub fn agency_label(a: Agency) -> &'static str {
    match a {
        Agency::Municipality => "市町村",
        Agency::MedicalInsurer => "医療保険者",
        Agency::PensionInsurer => "年金保険者",
        Agency::LabourStandards => "労働基準監督署",
        Agency::EmploymentOffice => "公共職業安定所",
    }
}

pub fn information_label(i: Information) -> &'static str {
    match i {
        Information::LocalTax => "地方税関係情報",
        Information::Allowances => "各種手当支給情報",
        Information::CareInsurance => "介護保険関係情報",
        Information::IndependenceSupport => "自立支援給付支給情報",
        Information::MedicalInsurance => "医療保険資格・給付情報",
        Information::Pension => "年金給付関係情報",
        Information::WorkersCompensation => "労災補償情報",
        Information::Unemployment => "失業等給付情報",
    }
}

pub fn procedure_label(p: Procedure) -> &'static str {
    match p {
        Procedure::Start => "保護の開始・申請時の調査",
        Procedure::Change => "保護の変更時の調査",
        Procedure::PostAbolition => "保護廃止後の調査",
        Procedure::MedicalAid => "医療扶助",
        Procedure::CareAid => "介護扶助",
    }
}

pub fn agency_code(a: Agency) -> &'static str {
    match a {
        Agency::Municipality => "municipality",
        Agency::MedicalInsurer => "medical_insurer",
        Agency::PensionInsurer => "pension_insurer",
        Agency::LabourStandards => "labour_standards",
        Agency::EmploymentOffice => "employment_office",
    }
}

pub fn information_code(i: Information) -> &'static str {
    match i {
        Information::LocalTax => "local_tax",
        Information::Allowances => "allowances",
        Information::CareInsurance => "care_insurance",
        Information::IndependenceSupport => "independence_support",
        Information::MedicalInsurance => "medical_insurance",
        Information::Pension => "pension",
        Information::WorkersCompensation => "workers_compensation",
        Information::Unemployment => "unemployment",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_information_has_exactly_one_agency_and_codes_match_serde() {
        let mut seen = vec![];
        for a in AGENCIES {
            assert_eq!(serde_json::to_value(a).unwrap(), agency_code(a));
            for &i in information_of(a) {
                assert!(!seen.contains(&i));
                seen.push(i);
                assert_eq!(serde_json::to_value(i).unwrap(), information_code(i));
            }
        }
        assert_eq!(seen.len(), 8);
        assert!(!provides(Agency::PensionInsurer, Information::LocalTax));
    }
}
