//! Which addresses a feed's client may reach, and where its token may go. A feed's bearer token
//! goes only to the feed's own origin (scheme, host, port). Documents its index links to on other
//! origins are fetched without the token, and only from hosts the feed's `allow_hosts` names.
//! Internal addresses (loopback, private, link-local, carrier-grade NAT, unique-local) are never
//! reached unless they are the feed's own host — not by a link, not by a redirect, not by a name
//! that resolves to one — so an index cannot make the office's server fetch its own intranet. An
//! https feed is never followed down to plain http.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Whether `ip` is an address inside a site rather than on the internet.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || o[0] == 0
        }
        IpAddr::V6(v6) => {
            let seg = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_internal(IpAddr::V4(v4)))
        }
    }
}

/// Scheme, host and port, as browsers compare origins.
fn origin(u: &reqwest::Url) -> (String, Option<String>, Option<u16>) {
    (u.scheme().to_string(), u.host_str().map(|h| h.to_ascii_lowercase()), u.port_or_known_default())
}

fn literal_ip(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// The rules of one feed.
#[derive(Debug, Clone)]
pub struct Policy {
    feed: reqwest::Url,
    allow_hosts: Vec<String>,
}

impl Policy {
    pub fn new(feed_url: &str, allow_hosts: &[String]) -> Option<Policy> {
        let feed = reqwest::Url::parse(feed_url).ok()?;
        Some(Policy { feed, allow_hosts: allow_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect() })
    }

    fn feed_host(&self) -> String {
        self.feed.host_str().unwrap_or("").to_ascii_lowercase()
    }

    /// Whether the token may be sent to `url`: only on the feed's own origin.
    pub fn sends_token(&self, url: &reqwest::Url) -> bool {
        origin(url) == origin(&self.feed)
    }

    /// Whether `url` may be fetched at all; the reason when not.
    pub fn admit(&self, url: &reqwest::Url) -> Result<(), String> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("not fetched: {} is not an http(s) address", url.scheme()));
        }
        if self.feed.scheme() == "https" && url.scheme() == "http" {
            return Err("not fetched: the feed is https, this address is plain http".into());
        }
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        if origin(url) != origin(&self.feed) && !self.allow_hosts.contains(&host) {
            return Err(format!(
                "not fetched: {host} is another origin than the feed's and not in the feed's allow_hosts"
            ));
        }
        if host != self.feed_host()
            && let Some(ip) = literal_ip(&host)
            && is_internal(ip)
        {
            return Err(format!("not fetched: {host} is an internal address, and not the feed's own host"));
        }
        Ok(())
    }

    /// A redirect from `previous` to `next`: the same rules as a link, and never https → http.
    pub fn admit_redirect(&self, previous: Option<&reqwest::Url>, next: &reqwest::Url) -> Result<(), String> {
        if previous.is_some_and(|p| p.scheme() == "https") && next.scheme() == "http" {
            return Err(format!("redirect to {next} refused: from https down to plain http"));
        }
        self.admit(next).map_err(|e| format!("redirect to {next} refused: {e}"))
    }
}

/// A refusal by the policy, carried through reqwest's error to the fetch error.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// Name resolution that keeps internal addresses for the feed's own host only: a link (or a
/// redirect) to a name that resolves inside the site is refused at connection time, after the
/// lookup, so a name cannot be checked as external and then connect inside (DNS rebinding).
pub struct GuardedResolver {
    feed_host: String,
}

impl GuardedResolver {
    pub fn new(policy: &Policy) -> Arc<GuardedResolver> {
        Arc::new(GuardedResolver { feed_host: policy.feed_host() })
    }
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let own = host == self.feed_host;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = found.iter().copied().filter(|a| own || !is_internal(a.ip())).collect();
            if kept.is_empty() {
                let e: Box<dyn std::error::Error + Send + Sync> = if found.is_empty() {
                    format!("{host}: no address").into()
                } else {
                    Box::new(Refused(format!(
                        "not fetched: {host} resolves to an internal address ({}), and is not the feed's own host",
                        found[0].ip()
                    )))
                };
                return Err(e);
            }
            let addrs: reqwest::dns::Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> reqwest::Url {
        reqwest::Url::parse(s).expect("url")
    }

    #[test]
    fn internal_addresses() {
        for ip in [
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_internal(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["8.8.8.8", "202.96.128.86", "2400:3200::1", "172.32.0.1", "100.128.0.1"] {
            assert!(!is_internal(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn token_origin_links_and_redirects() {
        let p = Policy::new("http://127.0.0.1:8080/cap/index.atom", &["127.0.0.1".into(), "cdn.example.cn".into()])
            .expect("policy");
        assert!(p.sends_token(&url("http://127.0.0.1:8080/cap/1.xml")));
        assert!(!p.sends_token(&url("http://127.0.0.1:9090/cap/1.xml")), "another port is another origin");
        assert!(!p.sends_token(&url("https://127.0.0.1:8080/x")), "another scheme too");
        assert!(p.admit(&url("http://127.0.0.1:8080/cap/1.xml")).is_ok());
        assert!(p.admit(&url("http://127.0.0.1:9090/cap/1.xml")).is_ok(), "allowed host, the feed's own address");
        let e = p.admit(&url("http://127.0.0.2:8080/cap/1.xml")).expect_err("internal");
        assert!(e.contains("another origin"), "{e}");
        let allow_all = Policy::new("http://127.0.0.1:8080/i", &["127.0.0.2".into()]).expect("policy");
        let e = allow_all.admit(&url("http://127.0.0.2:8080/x")).expect_err("internal even when allowed");
        assert!(e.contains("internal address"), "{e}");
        let e = p.admit(&url("http://evil.example.com/x")).expect_err("not allowed");
        assert!(e.contains("not in the feed's allow_hosts"), "{e}");
        assert!(p.admit(&url("http://cdn.example.cn/x")).is_ok());
        assert!(p.admit(&url("ftp://127.0.0.1:8080/x")).is_err());
        let tls = Policy::new("https://warn.example.cn/i.atom", &[]).expect("policy");
        let e = tls.admit(&url("http://warn.example.cn/1.xml")).expect_err("downgrade");
        assert!(e.contains("plain http"), "{e}");
        let e = tls
            .admit_redirect(Some(&url("https://warn.example.cn/1.xml")), &url("http://warn.example.cn/2.xml"))
            .expect_err("downgrade");
        assert!(e.contains("from https down to plain http"), "{e}");
        assert!(p.admit_redirect(Some(&url("http://127.0.0.1:8080/a")), &url("http://127.0.0.1:8080/b")).is_ok());
    }
}
