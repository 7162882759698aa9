//! Every Open311 document in ../shared/real-samples/open311 is read, or refused with a message
//! that says what it is (the 403 document with its HTTP status line included). Skipped, saying so,
//! when the samples are not beside the checkout.

mod common;

use anjian::upstream::open311::{self, Format, Open311Error};

#[test]
fn every_real_open311_document_is_read_or_refused_clearly() {
    let Some(root) = common::real_samples() else { return };
    let dir = root.join("open311");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut seen = 0;

    let s = open311::services(&read("services.xml"), Format::Xml).expect("services.xml");
    assert!(s.len() > 10 && s[0].code == "001", "codes keep their leading zeros: {:?}", s[0]);
    let s = open311::services(&read("service_list.json"), Format::Json).expect("service_list.json");
    assert_eq!(s[1].code, "002");
    seen += 2;

    for (name, count) in [
        ("service_requests.xml", 2),
        ("get_service_request.xml", 1),
        ("requests_single.xml", 1),
        ("service_requests_empty.xml", 0),
        ("post_service_request.xml", 1),
        ("request_id_from_token.xml", 1),
    ] {
        let r = open311::requests(&read(name), Format::Xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.len(), count, "{name}");
        assert!(r.iter().all(Result::is_ok), "{name}: {r:?}");
        seen += 1;
    }
    let single = open311::requests(&read("requests_single.xml"), Format::Xml).expect("single");
    let req = single[0].as_ref().expect("request");
    assert_eq!((req.id.as_str(), req.updated), ("101005420892", None), "an empty updated_datetime is unknown");
    assert_eq!(req.service_code, "CSROWR-12");

    for (name, code, words) in
        [("403.xml", Some(403), "Invalid api_key"), ("get_service_request_not_found.xml", Some(404), "not found")]
    {
        match open311::requests(&read(name), Format::Xml) {
            Err(Open311Error::Upstream { code: c, message }) => {
                assert_eq!(c, code, "{name}");
                assert!(message.contains(words), "{name}: {message}");
            }
            other => panic!("{name}: {other:?}"),
        }
        seen += 1;
    }
    let e = open311::services(&read("service_definition.xml"), Format::Xml).expect_err("a definition is not a list");
    assert_eq!(e.to_string(), "the root element is <service_definition>, not <services>");
    seen += 1;

    let files = std::fs::read_dir(&dir).expect("dir").filter(|e| e.as_ref().is_ok_and(|e| e.path().is_file())).count();
    assert_eq!(seen, files, "every sample file is checked");
}
