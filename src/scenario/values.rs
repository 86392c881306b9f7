//! Parameter values and `{name}` substitution.

use std::collections::BTreeMap;

use toml::Value;

/// Names bound while resolving: parameters, `{i}` of a group, loop variables.
pub type Env = BTreeMap<String, String>;

/// Placeholders filled in by the runtime, not by the plan.
pub const RUNTIME_PLACEHOLDERS: [&str; 6] = ["pid", "ppid", "tid", "name", "elapsed", "start_ms"];

pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Replace every `{name}` bound in `env`; runtime placeholders stay for later.
pub fn substitute(text: &str, env: &Env) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("{text:?} has a '{{' without its '}}'"));
        };
        let name = &after[..close];
        match env.get(name) {
            Some(v) => out.push_str(v),
            None if RUNTIME_PLACEHOLDERS.contains(&name) => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
            None => {
                return Err(format!(
                    "unknown placeholder {{{name}}}: no parameter or loop variable has that name"
                ))
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Same type as the default, within bounds: the rule for `set` and `--set`.
pub fn check_value(
    default: &Value,
    v: &Value,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), String> {
    if default.type_str() != v.type_str() {
        return Err(format!(
            "expected {} like the default ({}), found {}",
            default.type_str(),
            value_text(default),
            v.type_str()
        ));
    }
    if let (Value::String(d), Value::String(new)) = (default, v) {
        let is_time = super::duration::parse_span(d).is_ok();
        if let (true, Err(why)) = (is_time, super::duration::parse_span(new)) {
            return Err(format!("{why} (the default is {d:?})"));
        }
    }
    if let Value::Integer(i) = v {
        if min.is_some_and(|m| *i < m) || max.is_some_and(|m| *i > m) {
            let lo = min.map_or("…".into(), |m| m.to_string());
            let hi = max.map_or("…".into(), |m| m.to_string());
            return Err(format!("{i} is outside the allowed range {lo}..={hi}"));
        }
    }
    Ok(())
}

/// Read a `--set` value as the default's type.
pub fn parse_like(default: &Value, text: &str) -> Result<Value, String> {
    Ok(match default {
        Value::Integer(_) => Value::Integer(
            text.parse()
                .map_err(|_| format!("{text:?} is not a whole number"))?,
        ),
        Value::Float(_) => Value::Float(
            text.parse()
                .map_err(|_| format!("{text:?} is not a number"))?,
        ),
        Value::Boolean(_) => Value::Boolean(
            text.parse()
                .map_err(|_| format!("{text:?} is not true or false"))?,
        ),
        _ => Value::String(text.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_known_names_and_keeps_runtime_ones() {
        let env: Env = [("n".to_string(), "3".to_string())].into();
        assert_eq!(
            substitute("child{n} pid {pid}", &env).unwrap(),
            "child3 pid {pid}"
        );
        assert!(substitute("{nope}", &env)
            .unwrap_err()
            .contains("unknown placeholder"));
        assert!(substitute("{n", &env).is_err());
    }

    #[test]
    fn values_keep_their_type_and_bounds() {
        let d = Value::Integer(5);
        assert!(check_value(&d, &Value::Integer(3), Some(1), Some(8)).is_ok());
        assert!(check_value(&d, &Value::Integer(9), Some(1), Some(8)).is_err());
        assert!(check_value(&d, &Value::String("x".into()), None, None).is_err());
        assert_eq!(parse_like(&d, "7").unwrap(), Value::Integer(7));
        assert!(parse_like(&d, "seven").is_err());
        let t = Value::String("4s".into());
        assert!(check_value(&t, &Value::String("1.5s".into()), None, None).is_ok());
        assert!(check_value(&t, &Value::String("lots".into()), None, None).is_err());
    }
}
