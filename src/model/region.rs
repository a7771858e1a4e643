//! The region table: which markets exist, which countries each holds, in which list.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Country;

/// The bundled table (Partner Center's "Regional markets and currencies", lists of 2021 and 2023).
const BUNDLED_TSV: &str = include_str!("../../assets/regions.tsv");

/// The published region lists the rules know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RegionList {
    /// The list in force before 2023-08-17.
    Y2021,
    /// The list published 2023-08-17, in force from that date (Microsoft names no switch date).
    Y2023,
}

impl RegionList {
    /// The first day the 2023 list is in force.
    pub fn switch_date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 8, 17).unwrap_or(NaiveDate::MIN)
    }

    /// The list the rules apply on `date`.
    pub fn in_force_on(date: NaiveDate) -> Self {
        if date < Self::switch_date() {
            RegionList::Y2021
        } else {
            RegionList::Y2023
        }
    }

    /// Name shown in messages.
    pub fn label(self) -> &'static str {
        match self {
            RegionList::Y2021 => "2021 region list",
            RegionList::Y2023 => "2023 region list",
        }
    }
}

/// One country in one region, in one or both lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRow {
    /// The country's ISO code.
    pub country: Country,
    /// The country's English name.
    pub country_name: String,
    /// The country's Japanese name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country_name_ja: String,
    /// The region (market) the country belongs to.
    pub region: String,
    /// The region's Japanese name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region_ja: String,
    /// Billing currency.
    pub currency: String,
    /// Present in the 2021 list.
    pub in_2021: bool,
    /// Present in the 2023 list.
    pub in_2023: bool,
}

impl RegionRow {
    /// True when this row stands in `list`.
    pub fn in_list(&self, list: RegionList) -> bool {
        match list {
            RegionList::Y2021 => self.in_2021,
            RegionList::Y2023 => self.in_2023,
        }
    }
}

/// A problem in a region table read from text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("region table line {line}: {message}")]
pub struct RegionTableError {
    /// 1-based line.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

/// The region table in use: the bundled one, or one a workspace carries (users may edit it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionTable {
    rows: Vec<RegionRow>,
    by_country: HashMap<(Country, RegionList), usize>,
}

impl RegionTable {
    /// Builds the lookup over `rows`; a later row for the same country and list wins.
    pub fn new(rows: Vec<RegionRow>) -> Self {
        let mut by_country = HashMap::with_capacity(rows.len() * 2);
        for (index, row) in rows.iter().enumerate() {
            for list in [RegionList::Y2021, RegionList::Y2023] {
                if row.in_list(list) {
                    by_country.insert((row.country, list), index);
                }
            }
        }
        Self { rows, by_country }
    }

    /// The table shipped in `assets/regions.tsv`.
    pub fn bundled() -> &'static RegionTable {
        static TABLE: OnceLock<RegionTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            // The bundled file is tested to parse; an empty table would only disable region rules.
            Self::from_tsv(BUNDLED_TSV).unwrap_or_else(|_| Self::new(Vec::new()))
        })
    }

    /// Reads the tab-separated form of `assets/regions.tsv` (lines starting with `#` are comments).
    pub fn from_tsv(text: &str) -> Result<Self, RegionTableError> {
        let mut rows = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            rows.push(parse_row(line).map_err(|message| RegionTableError {
                line: index + 1,
                message,
            })?);
        }
        Ok(Self::new(rows))
    }

    /// Every row, in table order.
    pub fn rows(&self) -> &[RegionRow] {
        &self.rows
    }

    /// The row for `country` in `list`, if the list has it.
    pub fn row(&self, country: Country, list: RegionList) -> Option<&RegionRow> {
        self.by_country
            .get(&(country, list))
            .map(|&index| &self.rows[index])
    }

    /// The region `country` belongs to on `date`, per the list then in force.
    pub fn region_on(&self, country: Country, date: NaiveDate) -> Option<&str> {
        self.row(country, RegionList::in_force_on(date))
            .map(|row| row.region.as_str())
    }

    /// The country's English name in either list, for messages.
    pub fn country_name(&self, country: Country) -> Option<&str> {
        self.row(country, RegionList::Y2023)
            .or_else(|| self.row(country, RegionList::Y2021))
            .map(|row| row.country_name.as_str())
    }
}

fn parse_row(line: &str) -> Result<RegionRow, String> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() < 8 {
        return Err(format!(
            "expected at least 8 tab-separated columns, found {}",
            cells.len()
        ));
    }
    let country =
        Country::parse(cells[0]).ok_or_else(|| format!("{:?} is not a country code", cells[0]))?;
    let flag = |cell: &str| match cell {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(format!("expected yes or no, found {other:?}")),
    };
    Ok(RegionRow {
        country,
        region: cells[1].to_owned(),
        region_ja: cells[2].trim_end_matches('*').to_owned(),
        country_name: cells[3].to_owned(),
        country_name_ja: cells[4].trim_end_matches('*').to_owned(),
        currency: cells[5].to_owned(),
        in_2021: flag(cells[6])?,
        in_2023: flag(cells[7])?,
    })
}

impl Serialize for RegionTable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RegionTable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<RegionRow>::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn country(code: &str) -> Country {
        Country::parse(code).expect("test country")
    }

    #[test]
    fn bundled_table_parses_every_row() {
        let table = RegionTable::from_tsv(BUNDLED_TSV).expect("bundled table parses");
        assert!(table.rows().len() > 240, "{} rows", table.rows().len());
    }

    #[test]
    fn single_and_multi_country_markets_exist() {
        let table = RegionTable::bundled();
        let on = date("2024-01-01");
        assert_eq!(table.region_on(country("BR"), on), Some("Brazil"));
        assert_eq!(table.region_on(country("UM"), on), Some("United States"));
        assert_eq!(table.region_on(country("DE"), on), Some("Europe"));
        assert_eq!(table.region_on(country("FR"), on), Some("Europe"));
        assert_eq!(table.region_on(country("KE"), on), Some("Africa"));
    }

    #[test]
    fn guam_moves_from_australia_to_the_united_states_on_the_switch_date() {
        let table = RegionTable::bundled();
        assert_eq!(
            table.region_on(country("GU"), date("2023-08-16")),
            Some("Australia")
        );
        assert_eq!(
            table.region_on(country("GU"), date("2023-08-17")),
            Some("United States")
        );
    }

    #[test]
    fn russia_is_gone_from_the_2023_list_and_china_new() {
        let table = RegionTable::bundled();
        assert_eq!(
            table.region_on(country("RU"), date("2022-01-01")),
            Some("Russia")
        );
        assert_eq!(table.region_on(country("RU"), date("2024-01-01")), None);
        assert_eq!(table.region_on(country("CN"), date("2022-01-01")), None);
        assert_eq!(
            table.region_on(country("CN"), date("2024-01-01")),
            Some("China")
        );
    }

    #[test]
    fn a_malformed_row_names_its_line() {
        let err = RegionTable::from_tsv("# c\nJP\tJapan\n").expect_err("too few columns");
        assert_eq!(err.line, 2);
    }
}
