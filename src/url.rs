//! The URLs of the transports (`--from-redis`, `--to-redis`, `--from-kafka`, `--to-kafka`):
//! `SCHEME://AUTHORITY/PATH?KEY=VALUE&…`, the path and the values percent-decoded. Every key
//! must be one the option knows ([`TransportUrl::take`], then [`TransportUrl::finish`]): a
//! misspelt `grup=` is a usage error, not ignored. [`RedisTarget::connect`] is the one place a
//! Redis connection is made.

/// A transport URL, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportUrl {
    /// What comes before `://`.
    pub scheme: String,
    /// `[USER[:PASSWORD]@]HOST[:PORT]`, as given.
    pub authority: String,
    /// The path without its leading `/`, percent-decoded (a stream, a topic).
    pub path: String,
    /// The query's pairs not taken yet, in order.
    query: Vec<(String, String)>,
}

impl TransportUrl {
    /// Splits `text`, whose scheme must be one of `schemes`.
    pub fn parse(text: &str, schemes: &[&str]) -> Result<TransportUrl, String> {
        let (scheme, rest) = text
            .split_once("://")
            .filter(|(scheme, _)| schemes.contains(scheme))
            .ok_or_else(|| format!("expected a URL {}://…", schemes.join("://… or ")))?;
        let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = location.split_once('/').unwrap_or((location, ""));
        let mut pairs = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            pairs.push((decode(key)?, decode(value)?));
        }
        Ok(TransportUrl {
            scheme: scheme.to_owned(),
            authority: authority.to_owned(),
            path: decode(path)?,
            query: pairs,
        })
    }

    /// The value of query key `key`, taken out (the last one if repeated).
    pub fn take(&mut self, key: &str) -> Option<String> {
        let mut found = None;
        self.query.retain(|(k, v)| {
            let this = k == key;
            if this {
                found = Some(v.clone());
            }
            !this
        });
        found
    }

    /// Refuses query keys not taken: `known` lists the ones the option has.
    pub fn finish(&self, known: &[&str]) -> Result<(), String> {
        match self.query.first() {
            None => Ok(()),
            Some((key, _)) => Err(format!(
                "unknown URL parameter `{key}` (known: {})",
                known.join(", ")
            )),
        }
    }

    /// The URL as messages and `source()` show it: the password (or a user alone, a token)
    /// as `***`, no query.
    pub fn shown(&self) -> String {
        let authority = match self.authority.rsplit_once('@') {
            Some((credentials, host)) => match credentials.split_once(':') {
                Some((user, _)) => format!("{user}:***@{host}"),
                None => format!("***@{host}"),
            },
            None => self.authority.clone(),
        };
        format!("{}://{authority}/{}", self.scheme, self.path)
    }
}

/// A URL given on the command line as a message shows it: [`TransportUrl::shown`] whatever its
/// scheme (the password masked), or a stand-in when it does not split.
pub fn shown(text: &str) -> String {
    let scheme = text.split_once("://").map_or("", |(scheme, _)| scheme);
    TransportUrl::parse(text, &[scheme]).map_or_else(|_| "a URL".into(), |url| url.shown())
}

/// A Redis URL's server and stream: `redis://[USER[:PASSWORD]@]HOST[:PORT]/STREAM?…` or
/// `redis+unix:///PATH?stream=STREAM&…`.
#[derive(Debug, Clone)]
pub struct RedisTarget {
    /// What the client connects to (the URL without the stream and the query).
    pub server: String,
    /// The stream's key.
    pub stream: String,
    /// What messages and `source()` show: the password as `***`.
    pub shown: String,
}

#[cfg(feature = "redis")]
/// How long connecting to a Redis server, and one command's answer, may take.
const REDIS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

#[cfg(feature = "redis")]
impl RedisTarget {
    /// A connection to the server, with a timeout (10 s) on every answer.
    pub fn connect(&self) -> Result<redis::Connection, crate::error::Error> {
        use crate::error::{Error, UsageError};
        let failed = |e: redis::RedisError| Error::runtime(format!("{}: {e}", self.shown));
        let client = redis::Client::open(self.server.as_str())
            .map_err(|e| Error::from(UsageError::new(format!("{}: {e}", self.shown))))?;
        let con = client
            .get_connection_with_timeout(REDIS_TIMEOUT)
            .map_err(failed)?;
        con.set_read_timeout(Some(REDIS_TIMEOUT)).map_err(failed)?;
        con.set_write_timeout(Some(REDIS_TIMEOUT)).map_err(failed)?;
        Ok(con)
    }
}

impl TransportUrl {
    /// Parses a Redis URL; the query's other keys are left for the caller to take.
    pub fn redis(text: &str) -> Result<(RedisTarget, TransportUrl), String> {
        let mut url = TransportUrl::parse(text, &["redis", "redis+unix"])?;
        let (server, stream) = if url.scheme == "redis" {
            let server = format!("redis://{}/", url.authority);
            (server, url.path.clone())
        } else if url.authority.is_empty() && !url.path.is_empty() {
            let stream = url.take("stream").unwrap_or_default();
            (format!("redis+unix:///{}", url.path), stream)
        } else {
            return Err("redis+unix:// needs the socket's absolute path \
                        (redis+unix:///PATH?stream=STREAM)"
                .into());
        };
        if stream.is_empty() {
            return Err("the URL names no stream (redis://HOST:PORT/STREAM, \
                        redis+unix:///PATH?stream=STREAM)"
                .into());
        }
        let shown = match url.scheme.as_str() {
            "redis" => url.shown(),
            _ => format!("redis+unix:///{}?stream={stream}", url.path),
        };
        let target = RedisTarget {
            server,
            stream,
            shown,
        };
        Ok((target, url))
    }
}

/// Percent-decodes `text` (`%2F` is `/`); the result must be UTF-8.
fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad percent escape in `{text}`"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{text}` is not UTF-8 once decoded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_and_refuse_unknown_keys() {
        let mut url =
            TransportUrl::parse("redis://u:pw@h:7/my%20s?group=g&x=1", &["redis"]).unwrap();
        assert_eq!(
            (url.authority.as_str(), url.path.as_str()),
            ("u:pw@h:7", "my s")
        );
        assert_eq!(url.take("group").as_deref(), Some("g"));
        assert_eq!(url.take("group"), None);
        assert!(url.finish(&["group"]).unwrap_err().contains("`x`"));
        assert_eq!(url.shown(), "redis://u:***@h:7/my s");
        assert!(TransportUrl::parse("http://h/s", &["redis"]).is_err());
        assert!(TransportUrl::parse("redis://h/%zz", &["redis"]).is_err());
        let url = TransportUrl::parse("redis://tok@h/s", &["redis"]).unwrap();
        assert_eq!(url.shown(), "redis://***@h/s");
        assert_eq!(shown("kafka://u:pw@h:9/t?group=g"), "kafka://u:***@h:9/t");
        assert_eq!(shown("u:pw@h"), "a URL");
        assert!(TransportUrl::redis("redis+unix://rel.sock?stream=s").is_err());
        assert!(TransportUrl::redis("redis+unix:///abs.sock?stream=s").is_ok());
    }
}
