//! "Did you mean" suggestions.

/// The candidates closest to `word` (case-insensitively), best first, at most `max`.
/// Candidates too far from the word are left out, so the result may be empty.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let word = word.trim().to_lowercase();
    if word.is_empty() {
        return Vec::new();
    }
    let limit = match word.chars().count() {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let distance = strsim::damerau_levenshtein(&word, &lower);
            let prefix = lower.len() >= 3 && word.len() >= 3 && (lower.starts_with(&word) || word.starts_with(&lower));
            (distance <= limit || prefix).then_some((distance, c))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, c) in scored {
        if !out.contains(&c) {
            out.push(c);
        }
        if out.len() == max {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_prefixes() {
        let names = ["flask", "django", "fastapi", "express"];
        assert_eq!(closest("flsk", names, 3), vec!["flask"]);
        assert_eq!(closest("Djang", names, 3), vec!["django"]);
        assert_eq!(closest("expr", names, 3), vec!["express"]);
        assert!(closest("postgresql", names, 3).is_empty());
    }
}
