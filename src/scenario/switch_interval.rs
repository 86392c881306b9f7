//! `switch_interval = "5ms"`: the modelled GIL's switch interval, as Python's
//! `sys.setswitchinterval` sets it; at the top level, in a variant (which
//! wins), and as a parameter (`"{interval}"`), so `--set` can change it.

use std::time::Duration;

use toml::{Spanned, Value};

use super::diag::Diag;
use super::duration::parse_duration;
use super::raw::{RawScenario, RawVariant};
use super::values::{substitute, Env};

/// The shortest interval a file may ask for: below it the hand-overs cost
/// more than the slices of work they share out.
pub const MIN_INTERVAL: Duration = Duration::from_micros(100);
/// The longest: a thread that waits a second for its turn is no longer a
/// model of a GIL but of a scheduler gone wrong.
pub const MAX_INTERVAL: Duration = Duration::from_secs(1);

/// The interval this variant runs with, in µs (None: CPython's 5 ms); a bad
/// one is a diagnostic at the key's value.
pub(super) fn resolve(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<u64> {
    let written = variant
        .and_then(|v| v.switch_interval.as_ref())
        .or(raw.switch_interval.as_ref())?;
    match parse(written.get_ref(), env) {
        Ok(d) => Some(u64::try_from(d.as_micros()).unwrap_or(u64::MAX)),
        Err(m) => {
            diags.push(Diag::new(written.span(), m));
            None
        }
    }
}

/// A duration in text, after parameters are filled in, within the limits.
pub(super) fn parse(value: &Value, env: &Env) -> Result<Duration, String> {
    let text = match value {
        Value::String(s) => substitute(s, env)?,
        Value::Integer(_) | Value::Float(_) => {
            return Err(format!(
                "switch_interval is a duration with its unit, like \"5ms\" \
                 (Python's setswitchinterval({value}) is \"{}ms\")",
                seconds_in_ms(value)
            ))
        }
        other => {
            return Err(format!(
                "switch_interval must be a duration like \"5ms\", not a {}",
                other.type_str()
            ))
        }
    };
    let d = parse_duration(&text).map_err(|m| format!("switch_interval: {m}"))?;
    if !(MIN_INTERVAL..=MAX_INTERVAL).contains(&d) {
        return Err(format!(
            "switch_interval {text:?} must be from 0.1ms to 1s (CPython's default is 5ms)"
        ));
    }
    Ok(d)
}

/// A number of seconds written as Python takes it, in milliseconds.
fn seconds_in_ms(value: &Value) -> String {
    let secs = value
        .as_float()
        .or_else(|| value.as_integer().map(|i| i as f64));
    secs.map_or_else(|| "5".to_string(), |s| format!("{}", s * 1000.0))
}

/// The raw key, for `RawScenario` and `RawVariant`.
pub type RawInterval = Option<Spanned<Value>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(v: Value) -> Result<Duration, String> {
        let env: Env = [("iv".to_string(), "2ms".to_string())].into();
        parse(&v, &env)
    }

    #[test]
    fn durations_within_the_limits_are_taken() {
        let s = |t: &str| Value::String(t.to_string());
        assert_eq!(parsed(s("5ms")), Ok(Duration::from_millis(5)));
        assert_eq!(parsed(s("0.1ms")), Ok(MIN_INTERVAL));
        assert_eq!(parsed(s("1s")), Ok(MAX_INTERVAL));
        assert_eq!(parsed(s("{iv}")), Ok(Duration::from_millis(2)));
    }

    #[test]
    fn bad_intervals_say_what_is_allowed() {
        let s = |t: &str| parsed(Value::String(t.to_string())).unwrap_err();
        assert!(s("0ms").contains("from 0.1ms to 1s"), "{}", s("0ms"));
        assert!(s("50us").contains("from 0.1ms to 1s"));
        assert!(s("2s").contains("from 0.1ms to 1s"));
        assert!(s("-1ms").contains("negative"), "{}", s("-1ms"));
        assert!(s("fast").contains("not a duration"));
        assert!(s("{nope}").contains("unknown placeholder"));
        let n = parsed(Value::Float(0.005)).unwrap_err();
        assert!(n.contains("\"5ms\""), "{n}");
        assert!(parsed(Value::Boolean(true))
            .unwrap_err()
            .contains("boolean"));
    }
}
