//! Parsing TOML and YAML into typed structs while noting unknown keys, and the value types
//! that front matter and settings share: free-form `extra` tables and dates.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::Location;

/// A parse failure, placed by byte offset (TOML) or line and column (YAML) in the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) message: String,
    pub(crate) offset: Option<usize>,
    pub(crate) location: Option<Location>,
}

/// Parses TOML into `T`, returning the dotted paths of keys `T` does not know.
pub(crate) fn parse_toml<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<String>), ParseError> {
    let toml_error = |error: toml::de::Error| ParseError {
        message: error.message().trim().to_string(),
        offset: error.span().map(|span| span.start),
        location: None,
    };
    let deserializer = toml::de::Deserializer::parse(text).map_err(toml_error)?;
    let mut unknown = Vec::new();
    let value = serde_ignored::deserialize(deserializer, |path| {
        // `toml::Spanned` values show up in the path as a private field: leave it out.
        let path = path.to_string();
        unknown.push(path.replace(".$__serde_spanned_private_value", ""));
    })
    .map_err(toml_error)?;
    Ok((value, unknown))
}

/// Parses YAML into `T`, returning the dotted paths of keys `T` does not know.
pub(crate) fn parse_yaml<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<String>), ParseError> {
    let yaml_error = |error: serde_yaml_ng::Error| ParseError {
        message: error.to_string(),
        offset: None,
        location: error.location().map(|place| Location {
            line: place.line(),
            column: place.column(),
        }),
    };
    // An empty YAML document is null, not an empty map: read it as an empty map instead.
    let text = if text.trim().is_empty() { "{}" } else { text };
    let deserializer = serde_yaml_ng::Deserializer::from_str(text);
    let mut unknown = Vec::new();
    let value = serde_ignored::deserialize(deserializer, |path| unknown.push(path.to_string()))
        .map_err(yaml_error)?;
    Ok((value, unknown))
}

/// The line where a dotted key such as `markdown.render_emoji` is set, found by its last part:
/// at the start of a line, else inside an inline table (`title = { requird = true }`), where
/// the column is the key's.
pub(crate) fn line_of_key(text: &str, dotted_key: &str) -> Option<Location> {
    let key = dotted_key.rsplit('.').next().unwrap_or(dotted_key);
    let quoted = format!("\"{key}\"");
    let sets = |rest: &str| {
        let rest = rest.trim_start();
        rest.starts_with('=') || rest.starts_with(':')
    };
    let at_start = text.lines().enumerate().find_map(|(index, line)| {
        let line = line.trim_start();
        let rest = line
            .strip_prefix(key)
            .or_else(|| line.strip_prefix(quoted.as_str()))?;
        sets(rest).then(|| Location::line(index + 1))
    });
    at_start.or_else(|| {
        text.lines().enumerate().find_map(|(index, line)| {
            line.match_indices(key).find_map(|(start, _)| {
                let before = line[..start].trim_end();
                let inline = before.ends_with('{') || before.ends_with(',');
                (inline && sets(&line[start + key.len()..])).then(|| Location {
                    line: index + 1,
                    column: line[..start].chars().count() + 1,
                })
            })
        })
    })
}

/// A free-form table (`[extra]`), handed to templates as it was written, with TOML dates as
/// strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct FreeForm(pub Map<String, Value>);

impl<'de> Deserialize<'de> for FreeForm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(|map| FreeForm(map).normalized())
    }
}

impl FreeForm {
    /// Turns TOML dates, which serde sees as private wrapper tables, into plain strings.
    pub(crate) fn normalized(self) -> FreeForm {
        FreeForm(self.0.into_iter().map(|(k, v)| (k, normalize(v))).collect())
    }

    /// The value of a top-level key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
}

const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

fn normalize(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            if map.len() == 1
                && let Some(Value::String(date)) = map.get(TOML_DATETIME_FIELD)
            {
                return Value::String(date.clone());
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, normalize(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        other => other,
    }
}

/// A front matter date: a day (`2026-05-01`) or an RFC 3339 date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Date {
    Day(NaiveDate),
    Moment(DateTime<FixedOffset>),
}

/// The years every output can write: RFC 3339 and RFC 2822 (feeds, sitemaps) have four
/// digits and no sign, and chrono panics on the others.
const WRITABLE_YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

impl Date {
    /// Parses `2026-05-01`, `2026-05-01T10:00:00Z`, `2026-05-01 10:00:00+02:00` and a local
    /// `2026-05-01T10:00:00` (taken as UTC); the error says why the text is not a date,
    /// including a year outside 0000 to 9999 (also once moved to UTC), for the caller to
    /// place in its file.
    pub(crate) fn parse(text: &str) -> Result<Date, String> {
        let date = Date::parse_any(text).ok_or_else(|| {
            format!("`{text}` is not a date; write 2026-05-01 or 2026-05-01T10:00:00Z")
        })?;
        let moment = date.to_moment();
        let years = [moment.year(), moment.naive_utc().year()];
        if years.iter().all(|year| WRITABLE_YEARS.contains(year)) {
            Ok(date)
        } else {
            Err(format!(
                "`{text}` is out of range: the year must be from 0000 to 9999"
            ))
        }
    }

    fn parse_any(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Date::Day(day));
        }
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Some(Date::Moment(moment));
        }
        let with_t = text.replacen(' ', "T", 1);
        if let Ok(moment) = DateTime::parse_from_rfc3339(&with_t) {
            return Some(Date::Moment(moment));
        }
        chrono::NaiveDateTime::parse_from_str(&with_t, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|local| Date::Moment(local.and_utc().fixed_offset()))
    }

    /// The moment this date stands for (midnight UTC for a day), for sorting and feeds.
    pub(crate) fn to_moment(self) -> DateTime<FixedOffset> {
        match self {
            Date::Day(day) => day
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .fixed_offset(),
            Date::Moment(moment) => moment,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Date::Day(day) => write!(f, "{}", day.format("%Y-%m-%d")),
            Date::Moment(moment) => write!(f, "{}", moment.to_rfc3339()),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2026-05-01 or 2026-05-01T10:00:00Z")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        Date::parse(text).map_err(E::custom)
    }

    // TOML dates arrive as a one-entry map holding their text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let Some((_, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("an empty table is not a date"));
        };
        self.visit_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Dated {
        date: Date,
        #[serde(default)]
        extra: FreeForm,
    }

    #[test]
    fn toml_dates_and_strings_parse_to_the_same_date() {
        let (a, _) = parse_toml::<Dated>("date = 2026-05-01").unwrap();
        let (b, _) = parse_toml::<Dated>("date = \"2026-05-01\"").unwrap();
        assert_eq!(a.date, b.date);
        assert_eq!(a.date.to_string(), "2026-05-01");
    }

    #[test]
    fn rfc3339_moments_keep_their_offset() {
        let (a, _) = parse_toml::<Dated>("date = 2026-05-01T10:30:00+02:00").unwrap();
        assert_eq!(a.date.to_string(), "2026-05-01T10:30:00+02:00");
        let (b, _) = parse_yaml::<Dated>("date: 2026-05-01T10:30:00Z").unwrap();
        assert_eq!(b.date.to_string(), "2026-05-01T10:30:00+00:00");
    }

    #[test]
    fn years_outside_0_to_9999_are_errors() {
        for text in [
            "-0001-01-01",
            "+10000-01-01",
            "9999-12-31T23:00:00-05:00",
            "0000-01-01T00:00:00+01:00",
        ] {
            let error = Date::parse(text).unwrap_err();
            assert!(
                error.contains("the year must be from 0000 to 9999"),
                "{text}: {error}"
            );
        }
        for text in ["0000-01-01", "9999-12-31", "9999-12-31T23:59:59Z"] {
            assert!(Date::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn a_number_is_not_a_date_and_the_error_points_at_it() {
        let error = parse_toml::<Dated>("\ndate = 5").unwrap_err();
        assert_eq!(error.offset, Some(8));
        assert!(error.message.contains("date"), "{}", error.message);
    }

    #[test]
    fn toml_dates_inside_extra_become_strings() {
        let (dated, _) = parse_toml::<Dated>(
            "date = 2026-05-01\n[extra]\nwhen = 2026-01-02\nlist = [1979-05-27]",
        )
        .unwrap();
        let extra = dated.extra;
        assert_eq!(extra.get("when"), Some(&Value::String("2026-01-02".into())));
        assert_eq!(extra.get("list"), Some(&serde_json::json!(["1979-05-27"])));
    }

    #[test]
    fn unknown_keys_are_reported_by_path() {
        let (_, unknown) = parse_toml::<Dated>("date = 2026-05-01\ncolour = 1").unwrap();
        assert_eq!(unknown, vec!["colour".to_string()]);
    }

    #[test]
    fn keys_are_found_by_their_last_part() {
        let text = "a = 1\n[markdown]\n  render_emoji = true";
        assert_eq!(
            line_of_key(text, "markdown.render_emoji"),
            Some(Location::line(3))
        );
        assert_eq!(line_of_key(text, "missing"), None);
    }
}
