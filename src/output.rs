//! Writing outputs: the round folder's name, `analysis.json`, and atomic writes. This is
//! the only module that writes files.

use anyhow::{Context, Result};

use crate::analysis::Analysis;

/// `analysis.json`: the analysis, pretty-printed, ending in a newline.
pub fn analysis_json(analysis: &Analysis) -> Result<String> {
    let mut text = serde_json::to_string_pretty(analysis).context("serialising the analysis")?;
    text.push('\n');
    Ok(text)
}

/// A folder-name part made from any text: ASCII letters and digits, words joined by `-`,
/// lower case, at most 48 characters, never empty.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(48).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "offer".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_folder_names() {
        assert_eq!(slug("Jordan Lee"), "jordan-lee");
        assert_eq!(slug("Sam O'Neil"), "sam-o-neil");
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug(".."), "offer");
        assert_eq!(slug("李小龍"), "offer");
        assert_eq!(slug(&"a".repeat(300)).len(), 48);
    }
}
