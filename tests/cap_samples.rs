//! The CAP parser against real alerts written by others (../shared/real-samples/cap): every valid
//! one parses with no deviation from the schema noted, every invalid one is refused with a message
//! that names the element.

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
            Ok(a) => {
                assert!(!a.identifier.is_empty() && !a.sender.is_empty(), "{name}");
                // Valid against the schema: no deviation is noted on a conforming document.
                if !a.deviations.is_empty() {
                    failures.push(format!("{name}: noted as not conforming: {:?}", a.deviations));
                }
            }
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

use anjian::upstream::feed::{self, FeedError};

/// (file, what reading it gives): the number of usable entries, or the error text expected.
#[test]
fn every_index_is_read_or_refused_with_a_clear_message() {
    let Some(files) = samples("feeds") else { return };
    assert_eq!(files.len(), 13);
    let get = |n: &str| &files.iter().find(|(f, _)| f == n).unwrap_or_else(|| panic!("{n}")).1;
    // Good indexes: every entry usable, each with a link or an embedded alert.
    for name in [
        "earthquake_index.atom",
        "oregon_nws.atom",
        "sweden.atom",
        "us_nws_weather.atom",
        "weather_index.atom",
        "ny_index.rss",
    ] {
        let f = feed::parse(get(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!f.entries.is_empty(), "{name}: no entries");
        for e in &f.entries {
            let e = e.as_ref().unwrap_or_else(|err| panic!("{name}: {err}"));
            assert!(e.link.is_some() || e.alert.is_some(), "{name}: {}", e.id);
        }
    }
    assert_eq!(feed::parse(get("empty_weather_index.atom")).expect("empty feed").entries.len(), 0);
    // Broken indexes and entries, each with its reason.
    assert_eq!(feed::parse(get("invalid_element.atom")), Err(FeedError::UnknownElement("feed/foo".into())));
    let entry_error = |name: &str| -> String {
        let f = feed::parse(get(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        f.entries
            .iter()
            .find_map(|e| e.as_ref().err())
            .map(|e| e.to_string())
            .unwrap_or_else(|| panic!("{name}: no entry error"))
    };
    assert_eq!(entry_error("no_id.atom"), "feed/entry[1]: missing <id>");
    assert_eq!(entry_error("no_title.atom"), "feed/entry[1]: missing <title>");
    assert_eq!(entry_error("no_link.atom"), "feed/entry[1]: no <link> to a CAP document and no embedded <alert>");
    assert_eq!(
        entry_error("invalid.rss"),
        "rss/channel/item[1]: no <link> or <guid> to a CAP document and no embedded <alert>"
    );
    // The entry is fine as an entry; the alert inside it is what is wrong.
    let f = feed::parse(get("weather_invalid.atom")).expect("feed");
    let embedded = f.entries[0].as_ref().expect("entry").alert.clone().expect("an embedded alert");
    assert_eq!(
        embedded.map_err(|e| e.to_string()).expect_err("invalid"),
        "alert/identifier: \"INVALID,\" must not contain spaces, commas, < or &"
    );
}
