//! Durations as scenario files write them: `2s`, `250ms`, `1.5s`, `0.5s..2s`.

use std::time::Duration;

use super::plan::Span;

/// The longest single sleep or work a scenario may ask for.
pub const MAX_STEP: Duration = Duration::from_secs(600);

pub fn parse_span(text: &str) -> Result<Span, String> {
    match text.split_once("..") {
        Some((a, b)) => {
            let part = |t: &str| parse_duration(t).map_err(|m| format!("in {text:?}: {m}"));
            let (a, b) = (part(a)?, part(b)?);
            if a > b {
                return Err(format!("range {text:?} runs backwards"));
            }
            Ok(Span::Between(a, b))
        }
        None => Ok(Span::Fixed(parse_duration(text)?)),
    }
}

pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = t.strip_suffix("us") {
        (n, 1e-6)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        return Err(format!(
            "{text:?} is not a duration: write a number and a unit, like 2s, 1.5s or 250ms"
        ));
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: {number:?} is not a number"))?;
    if !value.is_finite() {
        return Err(format!(
            "{text:?} is not a duration: {number:?} is not a number of seconds"
        ));
    }
    if value < 0.0 {
        return Err(format!("{text:?}: a duration cannot be negative"));
    }
    // Compared as a float first: Duration::from_secs_f64 panics on huge values.
    let secs = value * scale;
    if secs > MAX_STEP.as_secs_f64() {
        return Err(format!(
            "{text:?} is longer than the limit of {}s",
            MAX_STEP.as_secs()
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_ranges() {
        assert_eq!(parse_duration("2s").unwrap(), Duration::from_secs(2));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(
            parse_span("0.5s..2s").unwrap(),
            Span::Between(Duration::from_millis(500), Duration::from_secs(2))
        );
        assert!(parse_duration("2").unwrap_err().contains("unit"));
        assert!(parse_span("3s..1s").unwrap_err().contains("backwards"));
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("9999s").unwrap_err().contains("limit"));
    }

    #[test]
    fn huge_and_strange_numbers_are_errors_not_panics() {
        for text in [
            "99999999999999999999s",
            "1e20s",
            "1e300s",
            "1e308ms",
            "0.1s..1e300s",
            "1e300s..1e301s",
            "601s",
            "600001ms",
        ] {
            let err = parse_span(text).unwrap_err();
            assert!(err.contains("limit"), "{text}: {err}");
        }
        for text in ["nans", "NaNs", "infs", "-infs", "infinitys", "1e400s"] {
            let err = parse_duration(text).unwrap_err();
            assert!(err.contains("not a number"), "{text}: {err}");
        }
        assert_eq!(parse_duration("600s").unwrap(), MAX_STEP);
        assert_eq!(parse_duration("-0s").unwrap(), Duration::ZERO);
        assert!(parse_duration("1e-300s").unwrap() < Duration::from_nanos(1));
    }
}
