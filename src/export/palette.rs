//! The colour palette of the exports: one colour per class, shared by GEXF
//! (`viz:color`), DOT (`fillcolor`), GraphML and Cytoscape JSON (`color`).
//!
//! The colours are Tableau 10 (colour-blind-friendly and readable on white),
//! with the region subclasses as shades of one teal so that places read as
//! one family. This module only maps classes to colours; it writes nothing.

/// `(class local name, hex colour)`, in the order classes are listed in
/// legends and DOT clusters.
///
/// | class | colour |
/// | --- | --- |
/// | Agency | red `#E15759` |
/// | Program | blue `#4E79A7` |
/// | Target | orange `#F28E2B` |
/// | Technology | green `#59A14F` |
/// | Region, City, Province, District, Country | teals `#76B7B2` … |
/// | Indicator | yellow `#EDC948` |
/// | Organization | purple `#B07AA1` |
/// | Person | pink `#FF9DA7` |
/// | Report | brown `#9C755F` |
/// | Article | grey `#BAB0AC` |
pub const PALETTE: &[(&str, &str)] = &[
    ("Agency", "#E15759"),
    ("Program", "#4E79A7"),
    ("Target", "#F28E2B"),
    ("Technology", "#59A14F"),
    ("Country", "#3E7F7A"),
    ("Province", "#5A9B96"),
    ("City", "#76B7B2"),
    ("District", "#A3D1CD"),
    ("Region", "#76B7B2"),
    ("Indicator", "#EDC948"),
    ("Organization", "#B07AA1"),
    ("Person", "#FF9DA7"),
    ("Report", "#9C755F"),
    ("Article", "#BAB0AC"),
];

/// The colour of classes not in [`PALETTE`].
pub const OTHER: &str = "#BAB0AC";

/// The hex colour (`#RRGGBB`) of a class.
pub fn hex(class: &str) -> &'static str {
    PALETTE
        .iter()
        .find(|(c, _)| *c == class)
        .map_or(OTHER, |(_, h)| h)
}

/// The colour of a class as `(red, green, blue)`.
pub fn rgb(class: &str) -> (u8, u8, u8) {
    let h = hex(class);
    let channel = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0)
    };
    (channel(1), channel(3), channel(5))
}

/// Position of a class in [`PALETTE`] (unknown classes last), for ordering.
pub fn order(class: &str) -> usize {
    PALETTE
        .iter()
        .position(|(c, _)| *c == class)
        .unwrap_or(PALETTE.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        for (class, expected) in [
            ("Agency", (0xE1, 0x57, 0x59)),
            ("Program", (0x4E, 0x79, 0xA7)),
            ("Unknown", (0xBA, 0xB0, 0xAC)),
        ] {
            assert_eq!(rgb(class), expected, "{class}");
        }
    }
}
