//! The one HTTP client every connector uses: rustls (ring provider, no C toolchain), connect and
//! total timeouts, retries with exponential backoff and jitter for failures worth retrying,
//! conditional GET (ETag / If-Modified-Since), a cap on the body size, and a bearer token read from
//! an environment variable named in the config — never stored, never logged.

use backon::{ExponentialBuilder, Retryable};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    /// The whole request, body included; a slow body counts against it.
    pub total_timeout: Duration,
    pub max_body: usize,
    /// Retries after the first attempt, for connection errors, timeouts and 5xx answers.
    pub retries: usize,
    pub backoff_min: Duration,
    pub backoff_max: Duration,
    /// Name of the environment variable that holds the bearer token, if the feed needs one.
    pub token_env: Option<String>,
    /// The feed's own address: only its origin gets the token, only its host may be internal, and
    /// other origins are fetched only from `allow_hosts` (see `origin`). None: no such rules (a
    /// client for one known address), and no token.
    pub feed_url: Option<String>,
    /// Hosts other than the feed's own that its index may link to.
    pub allow_hosts: Vec<String>,
    /// The proxy to reach the feed through; None: directly.
    pub proxy: Option<String>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(30),
            max_body: 32 * 1024 * 1024,
            retries: 3,
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            token_env: None,
            feed_url: None,
            allow_hosts: Vec::new(),
            proxy: None,
        }
    }
}

/// What the feed sent back last time, so the server can say "not modified".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    NotModified,
    Body { bytes: Vec<u8>, validators: Validators, content_type: Option<String> },
}

/// An error status in words: its reason phrase, and what the body says in short (an HTML error
/// page's `<title>`, or the first line of a plain answer), never the page itself.
pub fn status_words(status: u16, body: &str) -> String {
    let reason = reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
    let lower = body.to_ascii_lowercase();
    let said = if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>")) {
        body.get(a + 7..b).unwrap_or("").trim().to_string()
    } else if body.trim_start().starts_with('<') {
        String::new()
    } else {
        body.lines().next().unwrap_or("").trim().chars().take(120).collect()
    };
    let said: String = said.split_whitespace().collect::<Vec<_>>().join(" ");
    match (reason.is_empty(), said.is_empty() || said.eq_ignore_ascii_case(reason) || said.contains(reason)) {
        (false, true) => format!(" {reason}"),
        (false, false) => format!(" {reason}: {said}"),
        (true, true) => String::new(),
        (true, false) => format!(": {said}"),
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: cannot connect: {message}")]
    Connect { url: String, message: String },
    #[error("{url}: no answer within {seconds:.1} s")]
    Timeout { url: String, seconds: f64 },
    #[error("{url}: HTTP {status}{}", status_words(*.status, .snippet))]
    Status { url: String, status: u16, snippet: String },
    #[error("{url}: the answer is larger than {limit} bytes")]
    TooLarge { url: String, limit: usize },
    #[error("{url}: the body broke off: {message}")]
    Body { url: String, message: String },
    #[error("{url}: the token variable {name} is not set")]
    Token { url: String, name: String },
    #[error("{url}: the secure connection failed (TLS): {message}")]
    Tls { url: String, message: String },
    #[error("{url}: redirected more than {limit} times (a redirect loop?)")]
    Redirects { url: String, limit: usize },
    /// The feed's rules keep this address out (another origin, an internal address, a downgrade).
    #[error("{url}: {message}")]
    Refused { url: String, message: String },
    #[error("{url}: {message}")]
    Other { url: String, message: String },
}

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 5;

/// The words for a body that did not parse as `what`. A web page where a feed was expected is
/// said so (a captive portal, an expired session or a proxy's error page): the parser's own
/// complaint about `<html>` would not tell the duty officer what happened.
pub fn unreadable(url: &str, what: &str, content_type: Option<&str>, error: &dyn std::fmt::Display) -> String {
    match content_type.filter(|t| t.trim().to_ascii_lowercase().starts_with("text/html")) {
        Some(t) => format!(
            "{url}: {what}: the server sent a web page ({t}), not a feed: a sign-in page or a proxy's error page? ({error})"
        ),
        None => format!("{url}: {what}: {error}"),
    }
}

/// A refusal by the feed's address rules inside a reqwest error (from the resolver or the
/// redirect policy).
fn refusal(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<super::origin::Refused>() {
            return Some(r.0.clone());
        }
        cur = match err.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

/// The TLS error inside a connection error, if that is what it was. `io::Error::source` skips the
/// error it wraps, so an `io::Error` is followed into what it wraps instead.
fn tls_cause(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<rustls::Error>() {
            return Some(t.to_string());
        }
        cur = match err.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

impl FetchError {
    /// Whether trying again may help: the network and the server's own failures, not our request.
    pub fn retryable(&self) -> bool {
        match self {
            FetchError::Connect { .. } | FetchError::Timeout { .. } | FetchError::Body { .. } => true,
            FetchError::Status { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

#[derive(Clone)]
pub struct Client {
    inner: reqwest::Client,
    config: HttpConfig,
    policy: Option<super::origin::Policy>,
}

impl Client {
    pub fn new(config: HttpConfig) -> Result<Client, FetchError> {
        // reqwest is built without a default crypto provider; install ring once per process.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let policy = config.feed_url.as_deref().and_then(|u| super::origin::Policy::new(u, &config.allow_hosts));
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.total_timeout)
            .user_agent(concat!("anjian/", env!("CARGO_PKG_VERSION")))
            // Environment proxies are not the feed's: the rules below hold for the real addresses.
            .no_proxy();
        if let Some(p) = &config.proxy {
            let proxy = reqwest::Proxy::all(p.as_str())
                .map_err(|e| FetchError::Other { url: p.clone(), message: format!("proxy: {e}") })?;
            builder = builder.proxy(proxy);
        }
        builder = match &policy {
            None => builder.redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS)),
            Some(p) => {
                let rules = p.clone();
                builder.dns_resolver(super::origin::GuardedResolver::new(p)).redirect(
                    reqwest::redirect::Policy::custom(move |attempt| {
                        if attempt.previous().len() > MAX_REDIRECTS {
                            return attempt.error("too many redirects");
                        }
                        match rules.admit_redirect(attempt.previous().last(), attempt.url()) {
                            Ok(()) => attempt.follow(),
                            Err(why) => attempt.error(super::origin::Refused(why)),
                        }
                    }),
                )
            }
        };
        let inner = builder.build().map_err(|e| FetchError::Other { url: String::new(), message: e.to_string() })?;
        Ok(Client { inner, config, policy })
    }

    /// GET with retries; `Fetched::NotModified` when the validators still hold.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.config.backoff_min)
            .with_max_delay(self.config.backoff_max)
            .with_max_times(self.config.retries)
            .with_jitter();
        (|| self.get_once(url, validators)).retry(backoff).when(FetchError::retryable).await
    }

    async fn get_once(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let mut req = self.inner.get(url);
        let mut token_here = false;
        if let Some(policy) = &self.policy {
            let parsed =
                reqwest::Url::parse(url).map_err(|e| FetchError::Other { url: url.into(), message: e.to_string() })?;
            policy.admit(&parsed).map_err(|message| FetchError::Refused { url: url.into(), message })?;
            token_here = policy.sends_token(&parsed);
        }
        if let Some(name) = self.config.token_env.as_ref().filter(|_| token_here) {
            let token = zeroize::Zeroizing::new(
                std::env::var(name).map_err(|_| FetchError::Token { url: url.into(), name: name.clone() })?,
            );
            req = req.bearer_auth(token.as_str());
        }
        if let Some(e) = &validators.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, e);
        }
        if let Some(m) = &validators.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, m);
        }
        let seconds = self.config.total_timeout.as_secs_f64();
        let classify = |e: reqwest::Error| {
            if let Some(message) = refusal(&e) {
                FetchError::Refused { url: url.into(), message }
            } else if e.is_timeout() {
                FetchError::Timeout { url: url.into(), seconds }
            } else if let Some(message) = tls_cause(&e) {
                FetchError::Tls { url: url.into(), message }
            } else if e.is_redirect() {
                FetchError::Redirects { url: url.into(), limit: MAX_REDIRECTS }
            } else if e.is_connect() {
                FetchError::Connect { url: url.into(), message: root_cause(&e) }
            } else if e.is_body() || e.is_decode() {
                FetchError::Body { url: url.into(), message: root_cause(&e) }
            } else {
                FetchError::Other { url: url.into(), message: root_cause(&e) }
            }
        };
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        let header = |name: reqwest::header::HeaderName| {
            resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
        };
        let validators =
            Validators { etag: header(reqwest::header::ETAG), last_modified: header(reqwest::header::LAST_MODIFIED) };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        if resp.content_length().is_some_and(|n| n as usize > self.config.max_body) {
            return Err(FetchError::TooLarge { url: url.into(), limit: self.config.max_body });
        }
        // Read in chunks so an endless or lying body stops at the cap instead of filling memory.
        // Room for what the server announced (within the cap), so a large feed is not copied
        // again each time the buffer would have doubled.
        let announced = resp.content_length().map_or(0, |n| (n as usize).min(self.config.max_body));
        let mut bytes = Vec::with_capacity(announced);
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if bytes.len() + chunk.len() > self.config.max_body {
                return Err(FetchError::TooLarge { url: url.into(), limit: self.config.max_body });
            }
            bytes.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            let snippet: String =
                String::from_utf8_lossy(&bytes).chars().filter(|c| !c.is_control()).take(400).collect();
            return Err(FetchError::Status { url: url.into(), status: status.as_u16(), snippet });
        }
        Ok(Fetched::Body { bytes, validators, content_type })
    }
}

/// The innermost error message (reqwest's own is "error sending request for url …").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
