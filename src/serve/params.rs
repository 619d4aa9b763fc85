//! Request parameters: strict `application/x-www-form-urlencoded` decoding
//! (of a URL's query string or a form body) and bounded body reading. A
//! malformed percent-escape or a value that is not UTF-8 once decoded is a
//! 400, not a silently replaced character.

use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::BodyExt;

use super::reply::Refusal;

/// The parameters of a query string or form body, in order (a name may repeat).
pub fn decode_form(input: &str) -> Result<Vec<(String, String)>, Refusal> {
    let mut out = Vec::new();
    for pair in input.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        out.push((decode(name)?, decode(value)?));
    }
    Ok(out)
}

/// One percent-encoded component (`+` is a space).
fn decode(component: &str) -> Result<String, Refusal> {
    let bytes = component.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let hex = bytes.get(i + 1..i + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                let shown: String = component.chars().take(40).collect();
                return Err(Refusal::bad_request(format!(
                    "bad percent-encoding at byte {i} of `{shown}`: `%` must be followed by two hex digits"
                )));
            }
        }
    }
    let spaced = component.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| {
            Refusal::bad_request("a parameter is not UTF-8 once percent-decoded".to_string())
        })
}

/// The values of parameter `name`.
pub fn all<'a>(params: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    params
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The one value of parameter `name`; a 400 when it is given more than once.
pub fn one<'a>(params: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, Refusal> {
    match all(params, name).as_slice() {
        [] => Ok(None),
        [v] => Ok(Some(v)),
        _ => Err(Refusal::bad_request(format!(
            "parameter `{name}` given more than once"
        ))),
    }
}

/// The media type of the request body (`application/sparql-query`), lower
/// case, without parameters; empty when absent.
pub fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads the whole body as UTF-8 text, at most `limit` bytes (413 past it).
/// A body a little over the limit (up to [`DRAIN_FACTOR`] times it) is read
/// to its end and dropped before the 413, so that a client that sends its
/// whole body before reading the answer (most do) gets the 413 rather than
/// a reset connection; a larger declared length is refused at once.
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<String, Refusal> {
    check_charset(headers)?;
    let too_large = || {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body over the limit of {limit} bytes"),
        )
    };
    let drain = limit.saturating_mul(DRAIN_FACTOR);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > drain as u64) {
        return Err(too_large());
    }
    let mut body = body;
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|e| Refusal::bad_request(format!("request body unreadable: {e}")))?;
        if let Ok(data) = frame.into_data() {
            seen = seen.saturating_add(data.len());
            if seen <= limit {
                kept.extend_from_slice(&data);
            } else if seen > drain {
                break;
            }
        }
    }
    if seen > limit {
        return Err(too_large());
    }
    String::from_utf8(kept).map_err(|e| {
        Refusal::bad_request(format!(
            "request body is not UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// A body declared in another character set than UTF-8 (`; charset=UTF-16`)
/// is a 415: every body the server reads is UTF-8 text.
fn check_charset(headers: &HeaderMap) -> Result<(), Refusal> {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(());
    };
    for param in value.split(';').skip(1) {
        let Some((name, charset)) = param.split_once('=') else {
            continue;
        };
        let charset = charset.trim().trim_matches('"');
        if name.trim().eq_ignore_ascii_case("charset")
            && !charset.eq_ignore_ascii_case("utf-8")
            && !charset.eq_ignore_ascii_case("utf8")
        {
            return Err(Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("charset `{charset}` is not supported; send the body as UTF-8"),
            ));
        }
    }
    Ok(())
}

/// How many times the body limit is read and dropped before a 413.
pub const DRAIN_FACTOR: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    type Pairs = Vec<(&'static str, &'static str)>;

    #[test]
    fn decodes_forms_strictly() {
        let cases: &[(&str, Option<Pairs>)] = &[
            (
                "query=SELECT+*&x=%ED%95%9C",
                Some(vec![("query", "SELECT *"), ("x", "한")]),
            ),
            ("a=1&&b", Some(vec![("a", "1"), ("b", "")])),
            ("query=%ZZ", None),
            ("query=%E", None),
            ("query=%FF%FE", None),
        ];
        for (input, want) in cases {
            let got = decode_form(input).ok();
            let want = want.as_ref().map(|w| {
                w.iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect::<Vec<_>>()
            });
            assert_eq!(got, want, "{input}");
        }
    }
}
