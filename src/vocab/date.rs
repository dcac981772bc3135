//! Calendar dates (`YYYY-MM-DD`): parsed once where the offer file is read, then carried
//! as a [`Date`] through the analysis (weeks until the start, vest dates, calendar years)
//! and printed by the renderers. Month arithmetic clamps to the month's last day.

use std::fmt;

use serde::{Serialize, Serializer};

/// The months' names, for dates in prose.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parse `YYYY-MM-DD`; `None` when it is not a real date.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let year: i32 = text.get(0..4)?.parse().ok()?;
        let month: u32 = text.get(5..7)?.parse().ok()?;
        let day: u32 = text.get(8..10)?.parse().ok()?;
        let date = Date { year, month, day };
        (text.get(0..4)?.chars().all(|c| c.is_ascii_digit())
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(date)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` days after this one.
    pub fn plus_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// The date `months` months after this one: the same day of the month, or the
    /// month's last day when it is shorter (2027-01-31 + 1 month = 2027-02-28).
    pub fn add_months(self, months: u32) -> Date {
        let index = i64::from(self.month) - 1 + i64::from(months);
        let year = i64::from(self.year) + index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u32;
        let year = i32::try_from(year).unwrap_or(i32::MAX);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Days from this date to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The date as prose: `January 11, 2027`.
    pub fn long(self) -> String {
        let month = MONTHS
            .get(self.month.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("?");
        format!("{month} {}, {}", self.day, self.year)
    }

    /// The inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

/// How many days `month` of `year` has.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The days of the week, Monday first.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Date {
    /// The day of the week, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u32 {
        u32::try_from((self.days_since_epoch() + 3).rem_euclid(7)).unwrap_or(0)
    }

    /// The first Monday on or after this date.
    pub fn on_or_after_monday(self) -> Date {
        self.plus_days(i64::from((7 - self.weekday()) % 7))
    }

    /// The date as prose with its weekday: `Monday, March 8, 2027`.
    pub fn long_with_weekday(self) -> String {
        let weekday = WEEKDAYS
            .get(self.weekday() as usize)
            .copied()
            .unwrap_or("?");
        format!("{weekday}, {}", self.long())
    }

    /// The date in a table: `Jan 11, 2027`.
    pub fn short(self) -> String {
        let month = MONTHS
            .get(self.month.saturating_sub(1) as usize)
            .map_or("?", |name| name.get(..3).unwrap_or(name));
        format!("{month} {}, {}", self.day, self.year)
    }
}

impl Serialize for Date {
    /// `"YYYY-MM-DD"`, as analysis.json shows dates; inside [`crate::money::printed`],
    /// `{iso, long, short, with_weekday}` (`2027-01-11`, `January 11, 2027`,
    /// `Jan 11, 2027`, `Monday, January 11, 2027`), so that
    /// the typst template writes dates as the drafts do without knowing month names.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if crate::money::printing() {
            use serde::ser::SerializeStruct;
            let mut printed = serializer.serialize_struct("Date", 4)?;
            printed.serialize_field("iso", &self.to_string())?;
            printed.serialize_field("long", &self.long())?;
            printed.serialize_field("short", &self.short())?;
            printed.serialize_field("with_weekday", &self.long_with_weekday())?;
            printed.end()
        } else {
            serializer.collect_str(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            Date::parse("2026-11-20"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 20
            })
        );
        assert_eq!(Date::parse("2028-02-29").map(|d| d.day), Some(29));
        for text in [
            "2027-02-29",
            "2026-13-01",
            "2026-1-01",
            "20261120",
            "2026-11-31",
            "abcd-11-20",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn counts_days_across_years() {
        let offer = Date::parse("2026-11-20").unwrap();
        let start = Date::parse("2027-01-11").unwrap();
        assert_eq!(start.days_since_epoch() - offer.days_since_epoch(), 52);
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(offer.plus_days(2).to_string(), "2026-11-22");
        assert_eq!(
            Date::parse("2026-12-31").unwrap().plus_days(1).to_string(),
            "2027-01-01"
        );
    }

    #[test]
    fn months_are_added_from_the_same_day_and_clamped() {
        let date = |text| Date::parse(text).unwrap();
        assert_eq!(date("2027-01-31").add_months(1), date("2027-02-28"));
        assert_eq!(date("2028-01-31").add_months(1), date("2028-02-29"));
        assert_eq!(date("2027-01-31").add_months(2), date("2027-03-31"));
        assert_eq!(date("2027-11-04").add_months(14), date("2029-01-04"));
        assert_eq!(date("2027-01-04").add_months(0), date("2027-01-04"));
        assert_eq!(date("2027-01-03").days_until(date("2027-02-15")), 43);
        assert_eq!(date("2027-01-11").long(), "January 11, 2027");
        assert_eq!(
            serde_json::to_value(date("2027-01-04")).unwrap(),
            "2027-01-04"
        );
    }
}
