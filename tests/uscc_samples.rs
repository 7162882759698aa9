//! The USCC check against real codes found by others (../shared/real-samples/uscc).

mod common;

use anjian::domain::uscc::{UsccError, validate};

#[test]
fn accepts_every_real_valid_code() {
    let Some(dir) = common::real_samples() else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("uscc/valid.txt")).expect("valid.txt");
    let codes: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(codes.len(), 100, "the sample has 100 codes");
    for code in codes {
        assert_eq!(validate(code), Ok(code.to_string()), "{code}");
    }
}

#[test]
fn rejects_every_real_invalid_code_with_its_reason() {
    let Some(dir) = common::real_samples() else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("uscc/invalid.tsv")).expect("invalid.tsv");
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (code, reason) = line.split_once('\t').expect("code<TAB>reason");
        let err = validate(code).expect_err(code);
        let matches = match reason.trim() {
            "bad check character" => matches!(err, UsccError::BadCheck { .. }),
            r if r.starts_with("forbidden letters") => {
                matches!(err, UsccError::ForbiddenChar { .. })
            }
            "wrong length" => matches!(err, UsccError::WrongLength { .. }),
            other => panic!("a reason this test does not know: {other}"),
        };
        assert!(matches, "{code}: expected {reason}, got {err:?}");
        checked += 1;
    }
    assert_eq!(checked, 3);
    assert_eq!(validate("91110000600037341N").expect_err("bad").to_string(), "bad check character 'N', expected 'L'");
}
