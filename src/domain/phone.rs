//! Chinese phone numbers as offices write them in their sheets.
//!
//! A wrong number in the grid register is found out only when somebody has to call it in an
//! emergency, so import checks the shape: an 11-digit mobile, or a landline with or without area code.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    Mobile,
    Landline,
}

/// Returns the number with separators removed and its kind, or a reason in English.
pub fn validate(input: &str) -> Result<(String, PhoneKind), String> {
    let raw = input.trim();
    let mut digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '（' | '）')).collect();
    let (main, ext) = match digits.split_once(['#', '*']) {
        Some((m, e)) => (m.to_string(), Some(e.to_string())),
        None => (digits.clone(), None),
    };
    digits = main;
    if let Some(rest) =
        digits.strip_prefix("+86").or_else(|| digits.strip_prefix("86").filter(|r| r.len() == 11 && r.starts_with('1')))
    {
        digits = rest.to_string();
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{raw}' is not a phone number (digits, spaces and '-' only)"));
    }
    if let Some(e) = &ext
        && (e.is_empty() || e.len() > 6 || !e.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(format!("'{raw}' has a bad extension"));
    }
    let b = digits.as_bytes();
    let kind = if b[0] == b'1' {
        if b.len() == 11 && (b'3'..=b'9').contains(&b[1]) {
            PhoneKind::Mobile
        } else {
            return Err(format!("'{raw}' is not a mobile number (11 digits starting 13-19)"));
        }
    } else if b[0] == b'0' {
        // Area codes are 010, 02x (3 digits) or 0xxx (4 digits); local numbers 7 or 8 digits.
        let area = if b.len() > 1 && (b[1] == b'1' || b[1] == b'2') { 3 } else { 4 };
        let local = b.len().saturating_sub(area);
        if (7..=8).contains(&local) && b.get(area).is_some_and(|d| *d >= b'2') {
            PhoneKind::Landline
        } else {
            return Err(format!("'{raw}' is not a landline number (area code + 7 or 8 digits)"));
        }
    } else if (7..=8).contains(&b.len()) {
        PhoneKind::Landline
    } else {
        return Err(format!("'{raw}' is not a phone number (mobile or landline)"));
    };
    let normal = match ext {
        Some(e) => format!("{digits}-{e}"),
        None => digits,
    };
    Ok((normal, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        use PhoneKind::*;
        let ok: &[(&str, &str, PhoneKind)] = &[
            ("13812345678", "13812345678", Mobile),
            ("138 1234 5678", "13812345678", Mobile),
            ("+86 138-1234-5678", "13812345678", Mobile),
            ("8613812345678", "13812345678", Mobile),
            ("0571-88776655", "057188776655", Landline),
            ("(0571)8877665", "05718877665", Landline),
            ("010-62345678", "01062345678", Landline),
            ("88776655", "88776655", Landline),
            ("0571-88776655#801", "057188776655-801", Landline),
        ];
        for (input, normal, kind) in ok {
            assert_eq!(validate(input), Ok((normal.to_string(), *kind)), "{input}");
        }
        for bad in ["", "1381234567", "12812345678", "abc", "0571-123", "0571-0123456", "123", "138123456789"] {
            assert!(validate(bad).is_err(), "{bad} accepted");
        }
    }
}
