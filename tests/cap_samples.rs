//! The CAP parser against real alerts written by others (../shared/real-samples/cap): every valid
//! one parses, every invalid one is refused with a message that names the element.

mod common;

use anjian::upstream::cap::{self, MsgType, Status};

fn samples(sub: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let dir = common::real_samples()?.join("cap").join(sub);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("sample dir")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            (
                p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                std::fs::read(&p).expect("read"),
            )
        })
        .collect();
    out.sort();
    Some(out)
}

#[test]
fn every_valid_sample_parses() {
    let Some(files) = samples("valid") else { return };
    assert_eq!(files.len(), 18);
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        match cap::parse(bytes) {
            Ok(a) => assert!(!a.identifier.is_empty() && !a.sender.is_empty(), "{name}"),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "valid samples refused:\n{}", failures.join("\n"));
}

#[test]
fn the_spec_examples_read_as_written() {
    let Some(files) = samples("valid") else { return };
    let get = |n: &str| cap::parse(&files.iter().find(|(f, _)| f == n).expect(n).1).expect(n);
    // Appendix A.1: a homeland-security alert; A.2 a severe thunderstorm warning with a polygon.
    let a1 = get("v1dot2_appendix_adot1.xml");
    assert_eq!((a1.status, a1.msg_type, a1.infos.len()), (Status::Actual, MsgType::Alert, 1));
    let a2 = get("v1dot2_appendix_adot2.xml");
    let info = &a2.infos[0];
    assert_eq!(info.severity, cap::Severity::Severe);
    assert_eq!(info.areas[0].polygons[0].len(), 5);
    assert!(info.expires.is_some());
    // A.3 is an Update that references the earlier alert.
    let a3 = get("v1dot2_appendix_adot3.xml");
    assert_eq!(a3.msg_type, MsgType::Update);
    assert_eq!(a3.references.len(), 1);
    assert_eq!(a3.references[0].identifier, "TRI13970876.1");
    // A.4 carries two <info> blocks in different languages.
    let a4 = get("v1dot2_appendix_adot4.xml");
    assert_eq!(a4.infos.len(), 2);
    assert_ne!(a4.infos[0].language, a4.infos[1].language);
    // A Cancel without any <info>, and a prefixed namespace (cap:alert).
    assert_eq!(get("no_info_tag.cap").msg_type, MsgType::Cancel);
    assert!(!get("australia.cap").infos.is_empty());
    // CAP 1.1 reads with the same structure.
    assert_eq!(get("weather.cap").version, "1.1");
}

#[test]
fn every_invalid_sample_is_refused_naming_the_element() {
    let Some(files) = samples("invalid") else { return };
    let want = [
        (
            "canada_errors.cap",
            "alert/references: empty; expected the sender,identifier,sent of the alerts this Update replaces",
        ),
        ("invalid.cap", "<scope>"),
        ("invalid_xmlns.cap", "namespace \"urn:oasis:names:tc:emergency:alerts:1.2\""),
        ("noaa_errors.cap", "alert/info[1]/urgency: empty"),
    ];
    assert_eq!(files.len(), want.len());
    for (name, needle) in want {
        let bytes = &files.iter().find(|(f, _)| f == name).expect(name).1;
        let err = cap::parse(bytes).expect_err(name).to_string();
        assert!(err.contains(needle), "{name}: {err}");
    }
}
