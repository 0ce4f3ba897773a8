//! The issue's "done when", with the simulator as the server: a month of medical-aid events
//! (recorded through the outbox as the medical-aid producer will) and the 副本 of real approved
//! decisions are exported to a folder, the server accepts most and rejects some, the results are
//! imported, the clerk corrects the source data and requeues, the resend is accepted — all
//! 受付済, every step in the 媒体管理簿 and the audit log.

mod support;

use madoguchi::exchange::event::{Event, MedicalEvent, Source};
use madoguchi::exchange::record::LossReason;
use madoguchi::exchange::{outbox, Channel, OutboxState};
use support::*;

#[test]
fn a_month_of_medical_aid_round_trips_until_everything_is_accepted() {
    let db = db_with_medium();
    let mut cw = db.staff("cw");
    let mut med = db.staff("med");

    // Four households, six people: one with no My Number, one DV-protected.
    let mut people = vec![];
    let kana = ["イチ", "ニ", "サン", "シ"];
    for (i, k) in kana.iter().enumerate() {
        let h = cw
            .create_household(&household(&format!("M-{i:04}")))
            .unwrap();
        let mut head = person(
            &format!("見本 {i}郎"),
            &format!("ミホン {k}ロウ"),
            "1960-04-01",
            true,
        );
        head.addressee_number = Some(format!("10000000000{i:04}"));
        if i != 1 {
            head.my_number = Some(my_number(&format!("1234567890{i}")));
        }
        head.dv_protected = i == 2;
        let v = cw.add_member(h.household.id, &head).unwrap();
        people.push(v.members[0].id);
        if i % 2 == 0 {
            let mut child = person(
                &format!("見本 {i}子"),
                &format!("ミホン {k}コ"),
                "2015-05-05",
                false,
            );
            child.addressee_number = Some(format!("20000000000{i:04}"));
            child.my_number = Some(my_number(&format!("2234567890{i}")));
            let v = cw.add_member(h.household.id, &child).unwrap();
            people.push(v.members.iter().find(|m| !m.is_head).unwrap().id);
        }
    }
    assert_eq!(people.len(), 6);

    // The month: eligibility for everyone, a voucher each, one voided and one ended.
    let mut producer_store = producer(&db, "med");
    let mut ids = vec![];
    for (n, &pid) in people.iter().enumerate() {
        let rn = recipient(&format!("{:06}", 100 + n));
        ids.push(record(
            &db,
            &mut producer_store,
            pid,
            n as i64,
            MedicalEvent::EligibilityStart {
                recipient_number: rn.clone(),
                start_date: d("2025-06-01"),
            },
        ));
        ids.push(record(
            &db,
            &mut producer_store,
            pid,
            100 + n as i64,
            MedicalEvent::VoucherIssued(voucher(&rn, &format!("R7-{n:06}"))),
        ));
    }
    let rn0 = recipient("000100");
    ids.push(record(
        &db,
        &mut producer_store,
        people[0],
        900,
        MedicalEvent::VoucherVoided {
            recipient_number: rn0.clone(),
            issue_number: "R7-000000".into(),
            treatment_month: "2025-06".into(),
            reason: "交付誤り".into(),
        },
    ));
    ids.push(record(
        &db,
        &mut producer_store,
        people[5],
        901,
        MedicalEvent::EligibilityEnd {
            recipient_number: recipient("000105"),
            end_date: d("2025-06-30"),
            reason: LossReason::MovedAway,
        },
    ));
    drop(producer_store);
    assert_eq!(ids.len(), 14);
    let st = status(&mut med, Channel::Medical);
    assert_eq!((st.pending, st.sent, st.errors), (14, 0, 0));
    // No My Number is kept in the queue: it is sealed in the registry until the file is written.
    let payloads: Vec<String> = med
        .store()
        .conn()
        .prepare("SELECT payload FROM outbox_revisions")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(payloads
        .iter()
        .all(|p| !p.contains(&my_number("12345678900"))));

    // The medical clerk carries media but does not hold the 個人番号鍵: a batch with eligibility
    // registrations of people with a My Number is refused to them, and nothing changes.
    let usb = folder(&db, "usb");
    let refused = med
        .exchange_export(Channel::Medical, MEDIUM, &usb, &mut |_| true)
        .unwrap_err();
    assert!(
        refused.to_string().contains("個人番号鍵を持つ職員"),
        "{refused}"
    );
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 0);
    assert!(!status(&mut med, Channel::Medical).interrupted_export);

    // The supervisor holds it (and may carry media): export to the medium.
    let mut sv = db.staff("sv");
    let e = sv
        .exchange_export(Channel::Medical, MEDIUM, &usb, &mut |_| true)
        .unwrap();
    assert_eq!((e.seq, e.records, e.resumed), (1, 14, false));
    // The person without a My Number is on the 確認リスト, never silently registered blank.
    let checks = med.exchange_checks(true).unwrap();
    assert!(
        checks
            .iter()
            .any(|c| c.kind == "my_number_blank" && c.person_id == Some(people[2])),
        "{checks:?}"
    );
    let data = std::fs::read_to_string(usb.join(&e.files[0])).unwrap();
    assert!(
        data.contains(&my_number("12345678900")),
        "the number goes in the file"
    );
    // Only the eligibility registrations carry a My Number, never a voucher; the DV-protected
    // person's address is withheld.
    for line in data.lines().filter(|l| l.contains("\"record\":\"data\"")) {
        let has_number = line.contains("\"my_number\":\"");
        assert_eq!(
            has_number,
            line.contains("eligibility_start") && !line.contains("\"my_number\":null"),
            "{line}"
        );
        if line.contains("eligibility_start") && line.contains("\"non_disclosure\":true") {
            assert!(
                line.contains("\"address\":null") && line.contains("\"postal_code\":null"),
                "{line}"
            );
        }
    }
    assert!(
        std::fs::read_dir(&usb).unwrap().all(|f| !f
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with('.')),
        "no temp file left"
    );
    assert_eq!(status(&mut med, Channel::Medical).sent, 14);

    // The server: accepts most, rejects record 4 (the second person's voucher) with a field at
    // fault, loses record 9.
    let terminal = folder(&db, "terminal-out");
    let s = sim(
        &usb,
        &terminal,
        "4:E1203:voucher.institution.code",
        "9",
        false,
    );
    assert_eq!((s[0].accepted, s[0].errors, s[0].dropped), (13 - 1, 1, 1));
    let r = med.exchange_import(&terminal).unwrap();
    assert_eq!(r.refused_message, None);
    assert_eq!(
        (
            r.imported[0].accepted,
            r.imported[0].errors,
            r.imported[0].missing
        ),
        (12, 1, 1)
    );
    // The server's own My Number check (blank) joins the list.
    assert!(r.imported[0].checks >= 1);

    // Reconciliation: the person and the field, in Japanese, and where to fix it.
    let errs = med.exchange_errors(Some(Channel::Medical)).unwrap();
    assert_eq!(errs.len(), 2);
    let voucher_err = errs
        .iter()
        .find(|e| e.result_code.as_deref() == Some("E1203"))
        .unwrap();
    assert_eq!(voucher_err.person_id, Some(people[1]));
    assert_eq!(
        voucher_err.result_field_label.as_deref(),
        Some("指定医療機関コード")
    );
    assert_eq!(
        voucher_err.correction_place.as_deref(),
        Some("医療券・調剤券（医療扶助）")
    );
    assert!(voucher_err
        .person_name
        .as_deref()
        .unwrap()
        .starts_with("見本"));
    assert!(voucher_err.can_requeue);
    let missing = errs
        .iter()
        .find(|e| e.result_code.as_deref() == Some("MISSING_RESULT"))
        .unwrap();
    assert_eq!(missing.id, ids[8]);

    // The clerk corrects the voucher (the producer passes the corrected event) and resends the
    // lost one as it was.
    let mut producer_store = producer(&db, "med");
    let mut fixed = voucher(&recipient("000101"), "R7-000001");
    fixed.institution.code = "1110999999".into();
    let now = now(&db);
    let rq = producer_store
        .write("med", &now, |tx| {
            outbox::requeue(
                tx,
                voucher_err.id,
                Some(&Event::Medical(MedicalEvent::VoucherIssued(fixed.clone()))),
                Some("医療機関コードの誤り"),
            )
        })
        .unwrap();
    assert!(rq.changed && rq.revision == 2);
    drop(producer_store);
    // The voucher's own screen finds what became of it by its source row.
    let of_voucher = |med: &madoguchi::service::App| {
        outbox::for_source(med.store().conn(), Source::new("voucher", 101))
            .unwrap()
            .iter()
            .map(|r| (r.id, r.state, r.revision))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of_voucher(&med),
        vec![(voucher_err.id, OutboxState::Requeued, 2)]
    );
    let again = med.exchange_requeue(missing.id, None).unwrap();
    assert_eq!((again.state, again.revision), (OutboxState::Requeued, 1));
    let st = status(&mut med, Channel::Medical);
    assert_eq!((st.pending, st.errors, st.accepted), (2, 0, 12));

    // Second batch: only the two resends, the corrected revision among them.
    let e2 = sv
        .exchange_export(Channel::Medical, MEDIUM, &usb, &mut |_| true)
        .unwrap();
    assert_eq!((e2.seq, e2.records), (2, 2));
    let data2 = std::fs::read_to_string(usb.join(&e2.files[0])).unwrap();
    assert!(data2.contains("1110999999") && data2.contains("\"revision\":2"));
    let s2 = sim(&usb.join("."), &terminal, "", "", false);
    // The simulator answers every batch on the medium; only batch 2's result is new.
    assert_eq!(s2.len(), 2);
    let r2 = med.exchange_import(&terminal).unwrap();
    // Batch 1 was still on the medium, so the server answered it again, differently this time:
    // a second result for a batch already confirmed is refused as a replay, and the run stops
    // there having changed nothing.
    assert_eq!(
        r2.refused_code.as_deref(),
        Some("EXCHANGE_REPLAYED"),
        "{r2:?}"
    );
    assert!(r2.imported.is_empty());
    assert_eq!(status(&mut med, Channel::Medical).sent, 2);
    std::fs::remove_file(terminal.join(&r.imported[0].file)).unwrap();
    let r3 = med.exchange_import(&terminal).unwrap();
    assert_eq!(r3.refused_message, None, "{r3:?}");
    assert_eq!((r3.imported[0].seq, r3.imported[0].accepted), (2, 2));

    assert!(states(&med, Channel::Medical)
        .iter()
        .all(|s| *s == OutboxState::Accepted));
    assert_eq!(
        of_voucher(&med),
        vec![(voucher_err.id, OutboxState::Accepted, 2)]
    );
    let st = status(&mut med, Channel::Medical);
    assert_eq!((st.pending, st.sent, st.errors, st.accepted), (0, 0, 0, 14));
    assert_eq!(st.erasable_batches, 2);

    // Media hygiene: erase both batches from the medium.
    for b in med
        .exchange_batches(10)
        .unwrap()
        .iter()
        .filter(|b| b.can_erase)
    {
        med.exchange_erase_batch(b.id).unwrap();
    }
    assert_eq!(
        std::fs::read_dir(&usb).unwrap().count(),
        0,
        "the medium is empty"
    );
    assert_eq!(status(&mut med, Channel::Medical).erasable_batches, 0);

    // Every step in the 媒体管理簿 …
    let reg = med.exchange_media_register(100).unwrap();
    let steps: Vec<(String, i64)> = reg
        .iter()
        .rev()
        .map(|r| (r.action.clone(), r.seq))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("export".into(), 1),
            ("import".into(), 1),
            ("export".into(), 2),
            ("import".into(), 2),
            ("erase".into(), 2),
            ("erase".into(), 1)
        ]
    );
    assert!(reg
        .iter()
        .all(|r| r.medium_id == MEDIUM
            && r.user_id == if r.action == "export" { "sv" } else { "med" }));
    // … and in the audit log, including the refused re-import.
    let actions = audit_actions(&mut sv);
    for a in [
        "exchange_export",
        "exchange_import",
        "exchange_import_refused",
        "exchange_requeue",
        "exchange_media_erase",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing");
    }
    assert_eq!(
        actions.iter().filter(|a| *a == "exchange_export").count(),
        2
    );
}

#[test]
fn fukuhon_of_real_decisions_round_trips_after_the_missing_addressee_number_is_entered() {
    let db = db_with_medium();
    let (hid, head, decision) = drafted_start(&db);
    let mut cw = db.staff("cw");
    let mut child = person("窓口 次郎", "マドグチ ジロウ", "2012-01-01", false);
    child.addressee_number = Some("300000000000001".into());
    child.my_number = Some(my_number("32345678901"));
    cw.add_member(hid, &child).unwrap();
    let mut sv = db.staff("sv");
    let mut ap = db.staff("ap");
    let mut med = db.staff("med");
    // Nothing is queued for a draft: only approval tells the servers.
    assert_eq!(status(&mut med, Channel::Fukuhon).pending, 0);
    sv.review_decision(decision, "").unwrap();
    ap.approve_decision(decision, "").unwrap();
    let st = status(&mut med, Channel::Fukuhon);
    assert_eq!(st.pending, 2, "one 副本 record per member");

    let usb = folder(&db, "usb");
    let e = med
        .exchange_export(Channel::Fukuhon, MEDIUM, &usb, &mut |_| true)
        .unwrap();
    let data = std::fs::read_to_string(usb.join(&e.files[0])).unwrap();
    // Keyed by the 宛名番号; no name, no address, no My Number.
    assert!(data.contains("300000000000001"));
    for absent in [
        "窓口",
        "マドグチ",
        "見本県",
        "\"my_number\"",
        &my_number("32345678901"),
    ] {
        assert!(
            !data.contains(absent),
            "{absent} must not be in the 副本 file"
        );
    }
    assert!(
        data.contains("\"change\":\"start\"")
            && data.contains("\"status\":\"active\"")
            && data.contains("\"protection_start_date\":\"2025-06-01\"")
    );

    let out = folder(&db, "out");
    let s = sim(&usb, &out, "", "", false);
    assert_eq!(
        (s[0].accepted, s[0].errors),
        (1, 1),
        "the head has no 宛名番号"
    );
    med.exchange_import(&out).unwrap();
    let errs = med.exchange_errors(Some(Channel::Fukuhon)).unwrap();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].person_id, Some(head));
    assert_eq!(
        errs[0].result_field_label.as_deref(),
        Some("団体内統合宛名番号")
    );
    assert_eq!(
        errs[0].correction_place.as_deref(),
        Some("世帯員の登録（世帯の画面）")
    );

    // The caseworker enters the 宛名番号; the clerk resends: the registry's correction is sent.
    let v = cw.open_household(hid).unwrap();
    let m = v.members.iter().find(|m| m.id == head).unwrap();
    let mut input = member(&m.name, &m.kana, &m.birth_date);
    input.addressee_number = Some("300000000000002".into());
    cw.update_member(head, &input).unwrap();
    let rq = med
        .exchange_requeue(errs[0].id, Some("宛名番号を登録"))
        .unwrap();
    assert_eq!((rq.state, rq.revision), (OutboxState::Requeued, 2));
    let e2 = med
        .exchange_export(Channel::Fukuhon, MEDIUM, &usb, &mut |_| true)
        .unwrap();
    assert_eq!(e2.records, 1);
    assert!(std::fs::read_to_string(usb.join(&e2.files[0]))
        .unwrap()
        .contains("300000000000002"));
    let out2 = folder(&db, "out2");
    std::fs::remove_file(usb.join(&e.files[0])).unwrap();
    std::fs::remove_file(usb.join(&e.files[1])).unwrap();
    sim(&usb, &out2, "", "", false);
    let r = med.exchange_import(&out2).unwrap();
    assert_eq!(r.imported[0].accepted, 1);
    assert!(states(&med, Channel::Fukuhon)
        .iter()
        .all(|s| *s == OutboxState::Accepted));

    // A status entered by hand (a case carried over from the paper ledger) is news too.
    let h2 = cw
        .create_household(&household("P-0001"))
        .unwrap()
        .household
        .id;
    let mut m2 = person("台帳 花子", "ダイチョウ ハナコ", "1955-05-05", true);
    m2.addressee_number = Some("300000000000003".into());
    cw.add_member(h2, &m2).unwrap();
    sv.change_household_status(
        h2,
        madoguchi::domain::household::HouseholdStatus::Active,
        "2025-07-01",
        "紙の台帳から移行（保護中）",
    )
    .unwrap();
    assert_eq!(status(&mut med, Channel::Fukuhon).pending, 1);
    let id = med.exchange_for_household(h2).unwrap()[0].id;
    let rec = madoguchi::exchange::outbox::current(med.store().conn(), id).unwrap();
    match rec {
        madoguchi::exchange::record::Record::Fukuhon(f) => {
            assert_eq!(
                (f.change, f.status),
                (
                    madoguchi::exchange::record::FukuhonChange::Status,
                    madoguchi::exchange::record::ProtectionStatus::Active
                )
            );
            assert_eq!(f.protection_start_date, Some(d("2025-07-01")));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_inquiry_answer_is_attached_to_the_households_investigation_record() {
    let db = db_with_medium();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("Q-0001")).unwrap();
    let mut p = person("照会 花子", "ショウカイ ハナコ", "1950-02-02", true);
    p.addressee_number = Some("400000000000001".into());
    let pid = cw.add_member(h.household.id, &p).unwrap().members[0].id;
    let mut child = person("照会 太郎", "ショウカイ タロウ", "1980-02-02", false);
    child.addressee_number = Some("400000000000010".into());
    let cid = cw
        .add_member(h.household.id, &child)
        .unwrap()
        .members
        .iter()
        .find(|m| !m.is_head)
        .unwrap()
        .id;
    use madoguchi::exchange::record::{Agency, Information, Procedure};
    use madoguchi::service::exchange::InquiryInput;
    let q = cw
        .request_inquiry(&InquiryInput {
            person_id: pid,
            agency: Agency::PensionInsurer,
            information: Information::Pension,
            procedure: Procedure::Start,
            reason: "年金受給の有無を確認するため".into(),
        })
        .unwrap();
    assert_eq!(q.state, OutboxState::Pending);
    cw.request_inquiry(&InquiryInput {
        person_id: cid,
        agency: Agency::Municipality,
        information: Information::LocalTax,
        procedure: Procedure::Start,
        reason: "課税状況の確認".into(),
    })
    .unwrap();
    // A request the agency cannot answer, or with a My Number in its reason, is refused.
    assert!(cw
        .request_inquiry(&InquiryInput {
            person_id: pid,
            agency: Agency::PensionInsurer,
            information: Information::LocalTax,
            procedure: Procedure::Start,
            reason: "x".into()
        })
        .is_err());
    let e = cw
        .request_inquiry(&InquiryInput {
            person_id: pid,
            agency: Agency::PensionInsurer,
            information: Information::Pension,
            procedure: Procedure::Start,
            reason: "番号 1234 5678 9018".into(),
        })
        .unwrap_err();
    assert!(e.to_string().contains("個人番号"), "{e}");

    let mut med = db.staff("med");
    let usb = folder(&db, "usb");
    med.exchange_export(Channel::Inquiry, MEDIUM, &usb, &mut |_| true)
        .unwrap();
    let out = folder(&db, "out");
    sim(&usb, &out, "", "", false);
    let r = med.exchange_import(&out).unwrap();
    assert_eq!(r.imported[0].answers, 2);
    let rec = cw.investigation_record(h.household.id).unwrap();
    assert_eq!(rec.len(), 2);
    let pension = rec.iter().find(|r| r.person_id == Some(pid)).unwrap();
    assert_eq!(
        (
            pension.agency_label.as_str(),
            pension.information_label.as_str(),
            pension.answered_on.as_str()
        ),
        ("年金保険者", "年金給付関係情報", "2025-06-05")
    );
    assert_eq!(pension.outcome_label, "回答");
    assert!(pension.items.iter().any(|i| i.label == "年金の種類"));
    let tax = rec.iter().find(|r| r.person_id == Some(cid)).unwrap();
    assert_eq!(tax.outcome_label, "該当なし");
    let list = cw.inquiries_for_household(h.household.id).unwrap();
    assert!(list.iter().all(|i| i.state_label == "回答あり"));
}

#[test]
fn a_changed_my_number_for_the_same_person_goes_on_the_check_list_masked() {
    let db = db_with_medium();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("C-0001")).unwrap();
    let mut p = person("確認 太郎", "カクニン タロウ", "1950-01-01", true);
    p.addressee_number = Some("500000000000001".into());
    p.my_number = Some(my_number("45678901234"));
    let pid = cw.add_member(h.household.id, &p).unwrap().members[0].id;
    let rn = recipient("555555");
    let mut store = producer(&db, "med");
    record(
        &db,
        &mut store,
        pid,
        1,
        MedicalEvent::EligibilityStart {
            recipient_number: rn.clone(),
            start_date: d("2025-06-01"),
        },
    );
    let mut sv = db.staff("sv");
    let usb = folder(&db, "usb");
    sv.exchange_export(Channel::Medical, MEDIUM, &usb, &mut |_| true)
        .unwrap();
    assert!(
        sv.exchange_checks(true).unwrap().is_empty(),
        "a first number is nothing to confirm"
    );

    // The number is corrected in the registry and the eligibility registered again.
    let mut fix = person("確認 太郎", "カクニン タロウ", "1950-01-01", true);
    fix.addressee_number = p.addressee_number.clone();
    fix.my_number = Some(my_number("56789012345"));
    cw.update_member(pid, &fix).unwrap();
    record(
        &db,
        &mut store,
        pid,
        2,
        MedicalEvent::EligibilityStart {
            recipient_number: rn,
            start_date: d("2025-07-01"),
        },
    );
    drop(store);
    let usb2 = folder(&db, "usb2");
    sv.exchange_export(Channel::Medical, MEDIUM, &usb2, &mut |_| true)
        .unwrap();
    let checks = sv.exchange_checks(true).unwrap();
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert_eq!(
        (checks[0].kind.as_str(), checks[0].person_id),
        ("my_number_changed", Some(pid))
    );
    let old4 = &my_number("45678901234")[8..];
    let new4 = &my_number("56789012345")[8..];
    assert!(
        checks[0].detail.contains(&format!("****-****-{old4}"))
            && checks[0].detail.contains(&format!("****-****-{new4}")),
        "{}",
        checks[0].detail
    );
    assert!(!checks[0].detail.contains(&my_number("56789012345")));
    // The clerk confirms it with what was checked.
    sv.exchange_review_check(checks[0].id, "個人番号カードで確認")
        .unwrap();
    assert!(sv.exchange_checks(true).unwrap().is_empty());
}
