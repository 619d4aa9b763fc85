//! The web explorer's files, bundled into the binary from `web/` (no CDN:
//! the explorer works offline). Cytoscape.js is vendored from npm with its
//! licence (`web/vendor/cytoscape/`). Paths are looked up in a fixed table,
//! so nothing outside it can be asked for.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::reply::Refusal;

/// `(path under /assets/, media type, content)`.
pub const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/style.css"),
    ),
    (
        "vendor/cytoscape/cytoscape.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/cytoscape/cytoscape.min.js"),
    ),
    (
        "vendor/cytoscape/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../web/vendor/cytoscape/LICENSE"),
    ),
];

/// The explorer's page.
pub const INDEX_HTML: &str = include_str!("../../web/index.html");

/// `GET /`.
pub async fn index() -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX_HTML,
    )
        .into_response()
}

/// `GET /assets/PATH`.
pub async fn asset(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(p, _, _)| *p == path) {
        Some((_, media, bytes)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, *media),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *bytes,
        )
            .into_response(),
        None => Refusal::not_found(format!(
            "no asset `{}`",
            path.chars().take(100).collect::<String>()
        ))
        .into_response(),
    }
}
