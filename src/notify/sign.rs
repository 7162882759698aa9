//! Signatures: 钉钉's signed mode (HMAC-SHA256 of "timestamp\nsecret" with the secret, Base64, in
//! the address's `timestamp` and `sign` parameters) and the webhook's own (HMAC-SHA256 of
//! "timestamp.body", hex, in `X-Anjian-Signature: sha256=…` beside `X-Anjian-Timestamp`, so a
//! receiver can refuse a replayed body).

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

fn mac(secret: &str, data: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length; the error path cannot happen.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

/// 钉钉: the `sign` value for `timestamp_ms` (Base64, before URL encoding).
pub fn dingtalk(secret: &str, timestamp_ms: i64) -> String {
    base64::engine::general_purpose::STANDARD.encode(mac(secret, format!("{timestamp_ms}\n{secret}").as_bytes()))
}

/// 钉钉: the address with `timestamp` and `sign` appended (URL-encoded).
pub fn dingtalk_url(url: &str, secret: &str, timestamp_ms: i64) -> Result<String, String> {
    let mut u = reqwest::Url::parse(url).map_err(|e| format!("\"{url}\" is not an address: {e}"))?;
    u.query_pairs_mut()
        .append_pair("timestamp", &timestamp_ms.to_string())
        .append_pair("sign", &dingtalk(secret, timestamp_ms));
    Ok(u.to_string())
}

/// The webhook's `X-Anjian-Signature` value for a body sent at `timestamp` (seconds).
pub fn webhook(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut data = format!("{timestamp}.").into_bytes();
    data.extend_from_slice(body);
    let hex: String = mac(secret, &data).iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn signatures_match_known_values() {
        // HMAC-SHA256 of "1700000000000\nSECtest" keyed "SECtest", as 钉钉's documentation computes it.
        let s = super::dingtalk("SECtest", 1_700_000_000_000);
        assert_eq!(s.len(), 44, "32 bytes in Base64");
        assert_eq!(s, super::dingtalk("SECtest", 1_700_000_000_000), "deterministic");
        assert_ne!(s, super::dingtalk("SECtest", 1_700_000_000_001));
        let url =
            super::dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECtest", 1).expect("url");
        assert!(url.starts_with("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1&sign="));
        assert!(!url[url.find("sign=").unwrap_or(0) + 5..].contains(['+', '/', '=']), "URL-encoded: {url}");
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let hex =
            super::mac("Jefe", b"what do ya want for nothing?").iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(super::webhook("k", 10, b"{}").starts_with("sha256="));
    }
}
