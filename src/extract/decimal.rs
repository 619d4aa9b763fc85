//! An exact decimal for the values of targets and statistics: Korean
//! multipliers (십/백/천/만/억/조) applied without rounding, so `6.959억` is
//! 695900000, written as `xsd:decimal` wants it. Owns the number type only;
//! reading numerals is `numeral.rs`, finding quantities `number.rs`.

use std::fmt;

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// One, the factor of a unit that multiplies nothing.
    pub(crate) const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };

    /// Parses `8,000`, `2629.32`, `76.7` (commas allowed between digit groups).
    pub fn parse(s: &str) -> Option<Decimal> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        fn digits(part: &str) -> impl Iterator<Item = u8> + '_ {
            part.bytes().filter(|&b| b != b',')
        }
        if digits(int).next().is_none() && digits(frac).next().is_none() {
            return None;
        }
        let mut mantissa: i128 = 0;
        let mut scale = 0;
        let int = digits(int).map(|b| (b, 0));
        for (b, fraction) in int.chain(digits(frac).map(|b| (b, 1))) {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(b - b'0'))?;
            scale += fraction;
        }
        Some(Decimal { mantissa, scale })
    }

    pub(crate) fn zero() -> Decimal {
        Decimal {
            mantissa: 0,
            scale: 0,
        }
    }

    /// Multiplies by `10^exp`.
    pub fn times_pow10(self, exp: u32) -> Decimal {
        if exp >= self.scale {
            Decimal {
                mantissa: self
                    .mantissa
                    .saturating_mul(10i128.saturating_pow(exp - self.scale)),
                scale: 0,
            }
        } else {
            Decimal {
                mantissa: self.mantissa,
                scale: self.scale - exp,
            }
        }
        .normalised()
    }

    pub(crate) fn add(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.saturating_mul(10i128.pow(scale - self.scale));
        let b = other
            .mantissa
            .saturating_mul(10i128.pow(scale - other.scale));
        Decimal {
            mantissa: a.saturating_add(b),
            scale,
        }
        .normalised()
    }

    pub(crate) fn normalised(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The product with a unit's factor (`만 개` → × 10^4), exact.
    pub(crate) fn times(self, factor: Decimal) -> Decimal {
        if factor.mantissa == 1 && factor.scale == 0 {
            self
        } else {
            Decimal {
                mantissa: self.mantissa.saturating_mul(factor.mantissa),
                scale: self.scale + factor.scale,
            }
            .normalised()
        }
    }

    /// The value as a float (for comparisons, never for output).
    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The value with its sign changed (`–2.5%` → -2.5).
    pub fn negated(self) -> Decimal {
        Decimal {
            mantissa: self.mantissa.saturating_neg(),
            scale: self.scale,
        }
    }
}

impl fmt::Display for Decimal {
    /// Canonical `xsd:decimal` lexical form: `800000000000`, `6.53`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // most values fit a u64, whose digits are much cheaper to write
        let magnitude = self.mantissa.unsigned_abs();
        let digits = match u64::try_from(magnitude) {
            Ok(small) => small.to_string(),
            Err(_) => magnitude.to_string(),
        };
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for (text, want) in [
            ("8,000", Some("8000")),
            ("2629.32", Some("2629.32")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
            ("1,2.3,4", Some("12.34")),
            (".", None),
            ("", None),
            (",", None),
            ("1.2.3", None),
            ("１２", None),
            ("-1", None),
            ("99999999999999999999999999999999999999999", None),
        ] {
            assert_eq!(
                Decimal::parse(text).map(|d| d.to_string()).as_deref(),
                want,
                "{text}"
            );
        }
    }
}
