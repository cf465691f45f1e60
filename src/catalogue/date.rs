//! Calendar dates: `until = 2027-06-30` in a stack file, and the lifecycle data's support
//! dates. No clock: today's date comes from the front ends (`crate::clock`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date `days` days after 1970-01-01.
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil-from-days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (Hinnant's days-from-civil), the inverse of [`Date::from_unix_days`].
    pub fn unix_days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` later (earlier if negative).
    pub fn plus_days(self, days: i64) -> Date {
        Date::from_unix_days(self.unix_days() + days)
    }

    /// Days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.unix_days() - self.unix_days()
    }

    /// `YYYY-MM-DD`, a real calendar day.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            s.get(r).filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
    }

    /// A date, if it exists in the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let date = Date { year, month, day };
        (month >= 1 && day >= 1 && Date::from_unix_days(date.unix_days()) == date).then_some(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_round_trip_and_parse() {
        for days in [-700_000, -1, 0, 1, 59, 60, 365, 11_016, 20_000, 2_932_896] {
            assert_eq!(Date::from_unix_days(days).unix_days(), days);
        }
        let d = Date::parse("2026-11-30").expect("a date");
        assert_eq!(d.to_string(), "2026-11-30");
        assert_eq!(d.plus_days(31).to_string(), "2026-12-31");
        assert_eq!(d.days_until(Date::parse("2028-04-30").expect("a date")), 517);
        for bad in ["2026-02-30", "2026-13-01", "2026-00-10", "26-11-30", "2026-1-30", "2026-11-3x", "２０２６-11-30"]
        {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
    }
}
