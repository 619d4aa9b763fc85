//! What the server answers when a request cannot be served: a status and a
//! one-line message in plain text (the SPARQL Protocol leaves the body of an
//! error free; tools show it to people). Every refusal of the server goes
//! through [`Refusal`], so no handler panics or hangs on bad input.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// A request the server refuses, with the status and the reason.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The HTTP status (4xx for the client's mistakes, 5xx for the server's).
    pub status: StatusCode,
    /// One line for people: what is wrong and, where it helps, what to do.
    pub message: String,
}

impl Refusal {
    /// A refusal with `status`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        let message: String = message.into();
        // one line: the parser's message may span several
        let message = message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Refusal { status, message }
    }

    /// 400: a malformed request or query.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404: nothing of that name.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 403: a write to a read-only server.
    pub fn read_only(what: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            format!("{what} refused: this server is read-only (write with `policykg ingest`)"),
        )
    }

    /// 500: the store or a writer failed.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<crate::Error> for Refusal {
    fn from(e: crate::Error) -> Self {
        use crate::Error;
        match e {
            Error::Sparql { .. } | Error::BadInput { .. } => Refusal::bad_request(e.to_string()),
            Error::NotFound(_) => Refusal::not_found(e.to_string()),
            other => Refusal::internal(crate::error::one_line(&other)),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n", self.message),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6750: a 401 says which scheme it wants
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"policykg\""),
            );
        }
        response
    }
}
