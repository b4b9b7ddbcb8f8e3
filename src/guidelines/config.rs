//! `[guidelines]` in rapport.toml: a level per rule and each rule's parameters.
//!
//! ```toml
//! [guidelines]
//! missing-tags = "allow"
//! content-mix = "deny"
//!
//! [guidelines.content-mix]
//! max_promotional_share = 0.3
//! ```

use super::{RULES, Rule};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

/// Levels and parameters, with defaults for everything not written.
#[derive(Debug, Clone)]
pub struct GuidelinesConfig {
    levels: BTreeMap<&'static str, Level>,
    /// Highest share of promotional posts, overall and in each window (0.30).
    pub max_promotional_share: f64,
    /// The rolling window of latest posts (10).
    pub window_posts: usize,
    /// The rolling window in days, ending at the newest post (90).
    pub window_days: i64,
    /// Most promotional posts in a row before it is a problem (2).
    pub max_promotional_run: usize,
    /// Brand and product names from `[brand] names`.
    pub brand_names: Vec<String>,
    /// Longest gap between two posts, and since the newest, in days (30).
    pub max_gap_days: i64,
    /// Whether `publishing-gap` also counts the days from the newest post to today.
    pub gap_until_today: bool,
    /// Highest share of posts one tag may be on (0.5), from this many posts on (8).
    pub max_tag_share: f64,
    pub min_posts_for_tags: usize,
    /// `page-weight` budgets, in bytes.
    pub budgets: PageBudgets,
    /// A helpful post talks about itself too much when "we/our/us" and brand
    /// names outnumber "you/your" and come at least this often per 100 words (1.0).
    pub min_self_talk_per_100: f64,
}

/// What one page may weigh on a first visit, per kind of resource and in
/// all: text as sent compressed, images and fonts as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PageBudgets {
    pub total: u64,
    pub html: u64,
    pub css: u64,
    pub js: u64,
    pub font: u64,
    pub image: u64,
}

impl Default for PageBudgets {
    fn default() -> Self {
        // In the spirit of Lighthouse's budgets for a fast first visit on a phone.
        PageBudgets {
            total: 500 * 1024,
            html: 100 * 1024,
            css: 50 * 1024,
            js: 100 * 1024,
            font: 100 * 1024,
            image: 350 * 1024,
        }
    }
}

impl Default for GuidelinesConfig {
    fn default() -> Self {
        GuidelinesConfig {
            levels: BTreeMap::new(),
            max_promotional_share: 0.30,
            window_posts: 10,
            window_days: 90,
            max_promotional_run: 2,
            brand_names: Vec::new(),
            max_gap_days: 30,
            gap_until_today: true,
            max_tag_share: 0.5,
            min_posts_for_tags: 8,
            budgets: PageBudgets::default(),
            min_self_talk_per_100: 1.0,
        }
    }
}

impl GuidelinesConfig {
    pub fn level(&self, rule: &Rule) -> Level {
        self.levels
            .get(rule.name)
            .copied()
            .unwrap_or(rule.default_level)
    }

    /// Reads the `[guidelines]` and `[brand]` tables. Errors are messages
    /// naming the key, for the config diagnostic.
    pub fn from_tables(
        guidelines: Option<&toml::Table>,
        brand: Option<&toml::Table>,
    ) -> Result<Self, String> {
        let mut config = GuidelinesConfig::default();
        if let Some(brand) = brand {
            for (key, value) in brand {
                match (key.as_str(), value) {
                    ("names", toml::Value::Array(names)) => {
                        for name in names {
                            match name.as_str() {
                                Some(name) if !name.trim().is_empty() => config.brand_names.push(name.trim().to_string()),
                                _ => return Err("`brand.names` must be a list of names, e.g. [\"Acme\", \"Acme Pulse\"]".into()),
                            }
                        }
                    }
                    ("names", _) => return Err(
                        "`brand.names` must be a list of names, e.g. [\"Acme\", \"Acme Pulse\"]"
                            .into(),
                    ),
                    (other, _) => {
                        return Err(format!(
                            "unknown key `brand.{other}`; `[brand]` takes `names`"
                        ));
                    }
                }
            }
        }
        let Some(table) = guidelines else {
            return Ok(config);
        };
        for (key, value) in table {
            let rule = RULES.iter().find(|r| r.name == key).ok_or_else(|| {
                format!("unknown guideline `{key}`; the rules are: {}", rule_names())
            })?;
            match value {
                toml::Value::String(level) => {
                    let level = parse_level(level).ok_or_else(|| {
                        format!(
                            "`guidelines.{key}` must be \"allow\", \"warn\" or \"deny\", found \"{level}\""
                        )
                    })?;
                    config.levels.insert(rule.name, level);
                }
                toml::Value::Table(params) => config.rule_params(rule.name, params)?,
                _ => {
                    return Err(format!(
                        "`guidelines.{key}` must be \"allow\", \"warn\" or \"deny\""
                    ));
                }
            }
        }
        Ok(config)
    }

    /// A rule's own table, e.g. `[guidelines.content-mix]`: `level` and the
    /// rule's parameters.
    fn rule_params(&mut self, rule: &'static str, params: &toml::Table) -> Result<(), String> {
        let takes: &[&str] = match rule {
            "content-mix" => &[
                "max_promotional_share",
                "window_posts",
                "window_days",
                "max_promotional_run",
            ],
            "publishing-gap" => &["max_days", "until_today"],
            "topic-concentration" => &["max_share", "min_posts"],
            "self-talk" => &["min_per_100_words"],
            "page-weight" => &[
                "total_kb", "html_kb", "css_kb", "js_kb", "font_kb", "image_kb",
            ],
            _ => &[],
        };
        for (key, value) in params {
            if key == "level" {
                let level = value.as_str().and_then(parse_level).ok_or_else(|| {
                    format!("`guidelines.{rule}.level` must be \"allow\", \"warn\" or \"deny\"")
                })?;
                self.levels.insert(rule, level);
                continue;
            }
            if !takes.contains(&key.as_str()) {
                let mut keys = vec!["level"];
                keys.extend(takes);
                return Err(format!(
                    "unknown key `guidelines.{rule}.{key}`; it takes {}",
                    keys.join(", ")
                ));
            }
            if key == "until_today" {
                self.gap_until_today = value
                    .as_bool()
                    .ok_or_else(|| format!("`guidelines.{rule}.{key}` must be true or false"))?;
                continue;
            }
            let number = value
                .as_float()
                .or_else(|| value.as_integer().map(|i| i as f64))
                .filter(|n| *n >= 0.0)
                .ok_or_else(|| format!("`guidelines.{rule}.{key}` must be a number, 0 or more"))?;
            let share = || {
                if number <= 1.0 {
                    Ok(number)
                } else {
                    Err(format!(
                        "`guidelines.{rule}.{key}` is a share between 0 and 1, e.g. 0.3"
                    ))
                }
            };
            let kb = (number * 1024.0) as u64;
            match key.as_str() {
                "max_promotional_share" => self.max_promotional_share = share()?,
                "window_posts" => self.window_posts = number.max(1.0) as usize,
                "window_days" => self.window_days = number.max(1.0) as i64,
                "max_promotional_run" => self.max_promotional_run = number.max(1.0) as usize,
                "max_days" => self.max_gap_days = number.max(1.0) as i64,
                "max_share" => self.max_tag_share = share()?,
                "min_posts" => self.min_posts_for_tags = number.max(1.0) as usize,
                "min_per_100_words" => self.min_self_talk_per_100 = number,
                "total_kb" => self.budgets.total = kb,
                "html_kb" => self.budgets.html = kb,
                "css_kb" => self.budgets.css = kb,
                "js_kb" => self.budgets.js = kb,
                "font_kb" => self.budgets.font = kb,
                _ => self.budgets.image = kb,
            }
        }
        Ok(())
    }
}

fn parse_level(level: &str) -> Option<Level> {
    match level {
        "allow" => Some(Level::Allow),
        "warn" => Some(Level::Warn),
        "deny" => Some(Level::Deny),
        _ => None,
    }
}

fn rule_names() -> String {
    RULES.iter().map(|r| r.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).expect("toml")
    }

    #[test]
    fn levels_and_parameters_are_read() {
        let g = table(
            "missing-tags = \"allow\"\n[content-mix]\nmax_promotional_share = 0.25\nwindow_posts = 8\n",
        );
        let config = GuidelinesConfig::from_tables(Some(&g), None).expect("valid");
        let rule = RULES
            .iter()
            .find(|r| r.name == "missing-tags")
            .expect("rule");
        assert_eq!(config.level(rule), Level::Allow);
        assert_eq!(config.max_promotional_share, 0.25);
        assert_eq!(config.window_posts, 8);
    }

    #[test]
    fn unknown_rules_and_levels_are_errors() {
        let error = GuidelinesConfig::from_tables(Some(&table("missing-tag = \"allow\"")), None)
            .expect_err("typo");
        assert!(error.contains("missing-tags"), "{error}");
        assert!(
            GuidelinesConfig::from_tables(Some(&table("missing-tags = \"off\"")), None).is_err()
        );
    }

    #[test]
    fn every_rule_table_takes_its_own_parameters() {
        let g = table(
            "[publishing-gap]\nmax_days = 45\nuntil_today = false\n[topic-concentration]\nmax_share = 0.6\nlevel = \"deny\"\n[page-weight]\ntotal_kb = 800\n",
        );
        let config = GuidelinesConfig::from_tables(Some(&g), None).expect("valid");
        assert_eq!(config.max_gap_days, 45);
        assert!(!config.gap_until_today);
        assert_eq!(config.max_tag_share, 0.6);
        assert_eq!(config.budgets.total, 800 * 1024);
        let rule = RULES
            .iter()
            .find(|r| r.name == "topic-concentration")
            .expect("rule");
        assert_eq!(config.level(rule), Level::Deny);

        let error =
            GuidelinesConfig::from_tables(Some(&table("[page-weight]\nmax_days = 3")), None)
                .expect_err("wrong rule's key");
        assert!(
            error.contains("`guidelines.page-weight.max_days`") && error.contains("total_kb"),
            "{error}"
        );
        let error = GuidelinesConfig::from_tables(
            Some(&table("[topic-concentration]\nmax_share = 5")),
            None,
        )
        .expect_err("not a share");
        assert!(error.contains("between 0 and 1"), "{error}");
        let error = GuidelinesConfig::from_tables(Some(&table("[missing-tags]\nlimit = 5")), None)
            .expect_err("no parameters");
        assert!(error.contains("it takes level"), "{error}");
    }

    #[test]
    fn brand_names_are_read() {
        let config =
            GuidelinesConfig::from_tables(None, Some(&table("names = [\"Acme\", \"Acme Pulse\"]")))
                .expect("valid");
        assert_eq!(config.brand_names, ["Acme", "Acme Pulse"]);
        assert!(GuidelinesConfig::from_tables(None, Some(&table("name = \"Acme\""))).is_err());
    }
}
