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
                    let level = match level.as_str() {
                        "allow" => Level::Allow,
                        "warn" => Level::Warn,
                        "deny" => Level::Deny,
                        other => {
                            return Err(format!(
                                "`guidelines.{key}` must be \"allow\", \"warn\" or \"deny\", found \"{other}\""
                            ));
                        }
                    };
                    config.levels.insert(rule.name, level);
                }
                toml::Value::Table(params) if rule.name == "content-mix" => {
                    config.content_mix_params(params)?
                }
                _ => {
                    return Err(format!(
                        "`guidelines.{key}` must be \"allow\", \"warn\" or \"deny\""
                    ));
                }
            }
        }
        Ok(config)
    }

    fn content_mix_params(&mut self, params: &toml::Table) -> Result<(), String> {
        for (key, value) in params {
            let number = value
                .as_float()
                .or_else(|| value.as_integer().map(|i| i as f64));
            let bad = || format!("`guidelines.content-mix.{key}` must be a number");
            match key.as_str() {
                "level" => {}
                "max_promotional_share" => {
                    let share = number.ok_or_else(bad)?;
                    if !(0.0..=1.0).contains(&share) {
                        return Err("`guidelines.content-mix.max_promotional_share` is a share between 0 and 1, e.g. 0.3".into());
                    }
                    self.max_promotional_share = share;
                }
                "window_posts" => self.window_posts = number.ok_or_else(bad)?.max(1.0) as usize,
                "window_days" => self.window_days = number.ok_or_else(bad)?.max(1.0) as i64,
                "max_promotional_run" => {
                    self.max_promotional_run = number.ok_or_else(bad)?.max(1.0) as usize
                }
                other => {
                    return Err(format!(
                        "unknown key `guidelines.content-mix.{other}`; it takes max_promotional_share, window_posts, window_days, max_promotional_run"
                    ));
                }
            }
        }
        if let Some(level) = params.get("level") {
            let level =
                match level.as_str() {
                    Some("allow") => Level::Allow,
                    Some("warn") => Level::Warn,
                    Some("deny") => Level::Deny,
                    _ => return Err(
                        "`guidelines.content-mix.level` must be \"allow\", \"warn\" or \"deny\""
                            .into(),
                    ),
                };
            self.levels.insert("content-mix", level);
        }
        Ok(())
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
    fn brand_names_are_read() {
        let config =
            GuidelinesConfig::from_tables(None, Some(&table("names = [\"Acme\", \"Acme Pulse\"]")))
                .expect("valid");
        assert_eq!(config.brand_names, ["Acme", "Acme Pulse"]);
        assert!(GuidelinesConfig::from_tables(None, Some(&table("name = \"Acme\""))).is_err());
    }
}
