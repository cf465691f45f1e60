//! The one place stackls reads the clock: the front ends pass today's date to the analysis
//! (`Config.today`), which reads none.

/// Today's date (UTC), for `until` dates in suppressions.
pub fn today() -> crate::analysis::Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    crate::analysis::Date::from_unix_days((secs / 86_400) as i64)
}
