//! Market data (SPEC §3): pay bands per level and location, the level's base cap, and the
//! normal-band percentile model.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::Deserialize;

use serde_saphyr::Spanned;

use crate::error::InputError;
use crate::money::{MAX_AMOUNT, Money};
use crate::offer::MarketChoice;
use crate::yaml::{self, FileKind, place};

/// How messages name a market file.
const MARKET_FILE: FileKind = FileKind {
    a: "a market file",
    instead: "point `market:` at a market .yaml file like inputs/market.yaml",
};

/// The closest two band percentiles may be, in points. A target is read off the band by
/// stretching its width over the distance between the two percentiles' z-scores, so the
/// closer they are, the further every target lands from the band: at the 99th percentile,
/// 0.9 band widths past the middle with [10, 90], 4.6 with [40, 60] (20 apart), 92 with
/// [49.5, 50.5]. Twenty points keep every published pair (quartiles, [10, 90], [50, 75],
/// [50, 90]) and refuse the ones that turn a $40,000 band into a target in the millions.
pub const MIN_PERCENTILE_SPREAD: f64 = 20.0;

/// The built-in market file, embedded from `inputs/market.yaml`.
pub const BUILTIN_MARKET: &str = include_str!("../inputs/market.yaml");

/// A market file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarketFile {
    band_percentiles: Option<Spanned<[f64; 2]>>,
    levels: BTreeMap<String, LevelFile>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    base_cap: Option<Spanned<Decimal>>,
    locations: BTreeMap<String, BandsFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandsFile {
    base: Spanned<[Decimal; 2]>,
    equity_4yr: Spanned<[Decimal; 2]>,
    signing: Spanned<[Decimal; 2]>,
    total_year_1: Spanned<[Decimal; 2]>,
}

/// Loaded market data.
#[derive(Debug, Clone)]
pub struct Market {
    /// The percentiles a band's low and high stand for, as fractions.
    low_quantile: f64,
    high_quantile: f64,
    levels: Vec<Level>,
    /// (normalised alias, canonical location name).
    aliases: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct Level {
    name: String,
    base_cap: Option<Money>,
    locations: Vec<(String, Bands)>,
}

/// The four bands of one level in one location.
#[derive(Debug, Clone)]
pub struct Bands {
    pub level: String,
    pub location: String,
    pub base_cap: Option<Money>,
    pub base: Band,
    pub equity_4yr: Band,
    pub signing: Band,
    pub total_year_1: Band,
}

/// One band read as a normal distribution.
#[derive(Debug, Clone, Copy)]
pub struct Band {
    pub low: Money,
    pub high: Money,
    mean: Decimal,
    sd: Decimal,
}

impl Band {
    /// The band, or `None` when its normal reading cannot be computed exactly (ends so
    /// close together, or percentiles so close, that the arithmetic would overflow).
    fn new(low: Decimal, high: Decimal, low_quantile: f64, high_quantile: f64) -> Option<Band> {
        let spread = Decimal::from_f64(
            standard_normal_quantile(high_quantile) - standard_normal_quantile(low_quantile),
        )?;
        let sd = high.checked_sub(low)?.checked_div(spread)?;
        let z_low = Decimal::from_f64(standard_normal_quantile(low_quantile))?;
        let mean = low.checked_sub(z_low.checked_mul(sd)?)?;
        let band = Band {
            low: Money(low),
            high: Money(high),
            mean,
            sd,
        };
        // Every target lies between the values at the 1st and 99th percentiles.
        // A band whose 99th percentile lies far past the largest amount is a reading gone
        // wrong (percentiles too close for the ends); targets are held to that amount.
        let in_range = sd > Decimal::ZERO
            && band.checked_value_at(Decimal::ONE).is_some()
            && band
                .checked_value_at(Decimal::from(99))
                .is_some_and(|top| top.0 <= MAX_AMOUNT * Decimal::TEN);
        in_range.then_some(band)
    }

    /// The percentile of `value`, 1–99, unrounded.
    pub fn percentile(&self, value: Money) -> Decimal {
        let z = match value
            .0
            .checked_sub(self.mean)
            .and_then(|distance| distance.checked_div(self.sd))
        {
            Some(z) => z.to_f64().unwrap_or(0.0),
            // Too many standard deviations away to compute: as far out as it gets.
            None if value.0 > self.mean => f64::INFINITY,
            None => f64::NEG_INFINITY,
        };
        let percentile = (100.0 * standard_normal_cdf(z)).clamp(1.0, 99.0);
        Decimal::from_f64(percentile).unwrap_or(Decimal::from(50))
    }

    /// The value at `percentile` (1–99), unrounded, held between 0 and the largest amount
    /// an offer may hold (money is never negative, and no ask goes past what a file could
    /// say).
    pub fn value_at(&self, percentile: Decimal) -> Money {
        let value = self
            .checked_value_at(percentile)
            .unwrap_or(Money(self.mean));
        Money(value.0.clamp(Decimal::ZERO, MAX_AMOUNT))
    }

    fn checked_value_at(&self, percentile: Decimal) -> Option<Money> {
        let p = percentile.checked_div(Decimal::from(100))?.to_f64()?;
        let z = Decimal::from_f64(standard_normal_quantile(p))?;
        Some(Money(self.mean.checked_add(z.checked_mul(self.sd)?)?))
    }
}

/// Whether two names are the same once case, spaces, `_` and `-` are ignored.
pub fn same_name(a: &str, b: &str) -> bool {
    normalise(a) == normalise(b)
}

/// Matching ignores case, spaces, `_` and `-` (and the invisible bidirectional controls
/// that isolate a right-to-left name).
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-') && !crate::user_text::is_bidi_control(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Market {
    /// The built-in data, read once per process (a batch or a watch session asks for it
    /// on every build).
    pub fn builtin() -> Result<Market, InputError> {
        static BUILTIN: std::sync::LazyLock<Result<Market, InputError>> =
            std::sync::LazyLock::new(|| {
                Market::parse(BUILTIN_MARKET, "built-in market data (inputs/market.yaml)")
            });
        BUILTIN.clone()
    }

    /// The market an offer asks for: the built-in data, none, or a file.
    pub fn for_choice(choice: &MarketChoice) -> Result<Option<Market>, InputError> {
        match choice {
            MarketChoice::Builtin => Market::builtin().map(Some),
            MarketChoice::None => Ok(None),
            MarketChoice::File(path) => Market::load(path).map(Some),
        }
    }

    /// Read a market file.
    pub fn load(path: &Path) -> Result<Market, InputError> {
        let shown = path.display().to_string();
        let text = yaml::read(path, &shown, &MARKET_FILE)?;
        Market::parse(&text, &shown)
    }

    /// Parse market-file text; `shown` names it in messages. Every problem is reported
    /// with its line and column.
    pub fn parse(text: &str, shown: &str) -> Result<Market, InputError> {
        let file: MarketFile = yaml::parse(text, shown).map_err(|error| InputError {
            problems: error
                .problems
                .into_iter()
                .map(|problem| {
                    format!("{problem} (in a market file; see the built-in inputs/market.yaml for the format)")
                })
                .collect(),
        })?;
        let mut problems = Vec::new();
        let [low_pct, high_pct] = match &file.band_percentiles {
            None => [10.0, 90.0],
            Some(spanned) => {
                let [low, high] = spanned.value;
                let at = place(shown, spanned, "band_percentiles");
                if !(1.0..=99.0).contains(&low) || !(1.0..=99.0).contains(&high) || high <= low {
                    return Err(InputError::new(format!(
                        "{at}: [{low}, {high}] must be two percentiles between 1 and 99, the low one first and at least {MIN_PERCENTILE_SPREAD} apart; write e.g. [10, 90] or [25, 75]"
                    )));
                }
                if high - low < MIN_PERCENTILE_SPREAD {
                    let apart = Decimal::from_f64(high - low)
                        .map(|points| points.round_dp(2).normalize().to_string())
                        .unwrap_or_default();
                    return Err(InputError::new(format!(
                        "{at}: [{low}, {high}] are {apart} point{} apart; give percentiles at least {MIN_PERCENTILE_SPREAD} apart, e.g. [10, 90] or [25, 75] (the closer they are, the further every target is stretched past the band)",
                        if apart == "1" { "" } else { "s" }
                    )));
                }
                [low, high]
            }
        };
        let (low_quantile, high_quantile) = (low_pct / 100.0, high_pct / 100.0);
        let mut levels = Vec::new();
        for (level_name, level) in &file.levels {
            let base_cap = match &level.base_cap {
                Some(cap) if cap.value < Decimal::ZERO || cap.value > MAX_AMOUNT => {
                    problems.push(format!(
                        "{}: {} must be an amount between 0 and {}",
                        place(shown, cap, &format!("levels.{level_name}.base_cap")),
                        cap.value,
                        Money(MAX_AMOUNT)
                    ));
                    None
                }
                cap => cap.as_ref().map(|cap| Money(cap.value)),
            };
            let mut locations = Vec::new();
            for (location_name, bands) in &level.locations {
                let mut band = |component: &str, spanned: &Spanned<[Decimal; 2]>| {
                    let [low, high] = spanned.value;
                    let at = place(
                        shown,
                        spanned,
                        &format!("levels.{level_name}.locations.{location_name}.{component}"),
                    );
                    if low < Decimal::ZERO || high <= low {
                        problems.push(format!(
                            "{at}: [{low}, {high}] must be [low, high] with 0 ≤ low < high; write the low end first, both at or above 0"
                        ));
                        return None;
                    }
                    if high > MAX_AMOUNT {
                        problems.push(format!(
                            "{at}: {high} is too large: amounts stop at {}; check the band",
                            Money(MAX_AMOUNT)
                        ));
                        return None;
                    }
                    let band = Band::new(low, high, low_quantile, high_quantile);
                    if band.is_none() {
                        problems.push(format!(
                            "{at}: [{low}, {high}] reads, with band_percentiles [{low_pct}, {high_pct}], as a distribution whose 99th percentile is beyond {} or cannot be computed; check the band and band_percentiles",
                            Money(MAX_AMOUNT)
                        ));
                    }
                    band
                };
                let parsed = (
                    band("base", &bands.base),
                    band("equity_4yr", &bands.equity_4yr),
                    band("signing", &bands.signing),
                    band("total_year_1", &bands.total_year_1),
                );
                if let (Some(base), Some(equity_4yr), Some(signing), Some(total_year_1)) = parsed {
                    locations.push((
                        location_name.clone(),
                        Bands {
                            level: level_name.clone(),
                            location: location_name.clone(),
                            base_cap,
                            base,
                            equity_4yr,
                            signing,
                            total_year_1,
                        },
                    ));
                }
            }
            levels.push(Level {
                name: level_name.clone(),
                base_cap,
                locations,
            });
        }
        let aliases = checked_aliases(&file, shown, &mut problems);
        if !problems.is_empty() {
            return Err(InputError { problems });
        }
        Ok(Market {
            low_quantile,
            high_quantile,
            levels,
            aliases,
        })
    }

    /// The bands for `level` in `location`, when the data has them.
    pub fn bands(&self, level: &str, location: &str) -> Option<&Bands> {
        let level_key = normalise(level);
        let location_key = normalise(location);
        let canonical = self
            .aliases
            .iter()
            .find(|(alias, _)| *alias == location_key)
            .map(|(_, canonical)| normalise(canonical))
            .unwrap_or(location_key);
        let level = self
            .levels
            .iter()
            .find(|l| normalise(&l.name) == level_key)?;
        level
            .locations
            .iter()
            .find(|(name, _)| normalise(name) == canonical)
            .map(|(_, bands)| bands)
    }

    /// The level's base cap, whatever the location.
    pub fn base_cap(&self, level: &str) -> Option<Money> {
        let key = normalise(level);
        self.levels
            .iter()
            .find(|l| normalise(&l.name) == key)?
            .base_cap
    }

    /// The percentiles a band's ends stand for, as percent.
    pub fn band_percentiles(&self) -> [f64; 2] {
        [self.low_quantile * 100.0, self.high_quantile * 100.0]
    }
}

/// The market file's aliases as (normalised alias, canonical name). An alias that is the
/// name of a location would hide that location's bands behind another's, and one that
/// stands for two places would pick one of them silently: both are problems, located.
fn checked_aliases(
    file: &MarketFile,
    shown: &str,
    problems: &mut Vec<String>,
) -> Vec<(String, String)> {
    let locations: Vec<(String, String)> = file
        .levels
        .iter()
        .flat_map(|(level, data)| {
            data.locations.keys().map(move |location| {
                (
                    normalise(location),
                    format!("levels.{level}.locations.{location}"),
                )
            })
        })
        .collect();
    let mut aliases: Vec<(String, String)> = Vec::new();
    for (canonical, others) in &file.aliases {
        for (i, alias) in others.iter().enumerate() {
            let key = normalise(&alias.value);
            let at = place(shown, alias, &format!("aliases.{canonical}[{i}]"));
            let quoted = crate::offer::quoted(&alias.value);
            if key == normalise(canonical) {
                continue;
            }
            if let Some((_, location)) = locations.iter().find(|(name, _)| *name == key) {
                problems.push(format!(
                    "{at}: {quoted:?} is the name of a location ({location}), so it cannot also stand for {canonical}; remove the alias"
                ));
            } else if let Some((_, other)) = aliases
                .iter()
                .find(|(name, other)| *name == key && other != canonical)
            {
                problems.push(format!(
                    "{at}: {quoted:?} already stands for {other}; an alias names one place: remove one of the two"
                ));
            } else {
                aliases.push((key, canonical.clone()));
            }
        }
    }
    aliases
}

/// The level one up from `level` (`L6` → `L7`), by its trailing number.
pub fn next_level(level: &str) -> Option<String> {
    let digits_at = level.find(|c: char| c.is_ascii_digit())?;
    let (prefix, number) = level.split_at(digits_at);
    let number: u32 = number.parse().ok()?;
    Some(format!("{prefix}{}", number.checked_add(1)?))
}

/// The number in a level name (`L7` → 7), for comparing levels.
pub fn level_number(level: &str) -> Option<u32> {
    let digits_at = level.find(|c: char| c.is_ascii_digit())?;
    level.get(digits_at..)?.parse().ok()
}

/// Φ(x), the standard normal distribution function.
pub fn standard_normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// z(p), the standard normal quantile (Wichura's AS 241, accurate to about 1e-16).
pub fn standard_normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let value = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -value } else { value }
}

fn poly(coefficients: &[f64; 8], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |acc, c| acc * x + c)
}

// AS 241's published coefficients, kept to the digits given.
#[allow(clippy::excessive_precision)]
const A: [f64; 8] = [
    3.387_132_872_796_366_5,
    133.141_667_891_784_38,
    1_971.590_950_306_551_3,
    13_731.693_765_509_461,
    45_921.953_931_549_87,
    67_265.770_927_008_7,
    33_430.575_583_588_13,
    2_509.080_928_730_122_7,
];
#[allow(clippy::excessive_precision)]
const B: [f64; 8] = [
    1.0,
    42.313_330_701_600_91,
    687.187_007_492_057_9,
    5_394.196_021_424_751,
    21_213.794_301_586_597,
    39_307.895_800_092_71,
    28_729.085_735_721_943,
    5_226.495_278_852_545,
];
#[allow(clippy::excessive_precision)]
const C: [f64; 8] = [
    1.423_437_110_749_683_5,
    4.630_337_846_156_546,
    5.769_497_221_460_691,
    3.647_848_324_763_204_5,
    1.270_458_252_452_368_4,
    0.241_780_725_177_450_6,
    0.022_723_844_989_269_184,
    7.745_450_142_783_414e-4,
];
#[allow(clippy::excessive_precision)]
const D: [f64; 8] = [
    1.0,
    2.053_191_626_637_759,
    1.676_384_830_183_803_8,
    0.689_767_334_985_1,
    0.148_103_976_427_480_08,
    0.015_198_666_563_616_457,
    5.475_938_084_995_345e-4,
    1.050_750_071_644_416_9e-9,
];
#[allow(clippy::excessive_precision)]
const E: [f64; 8] = [
    6.657_904_643_501_103,
    5.463_784_911_164_114,
    1.784_826_539_917_291_3,
    0.296_560_571_828_504_9,
    0.026_532_189_526_576_124,
    0.001_242_660_947_388_078_4,
    2.711_555_568_743_487_6e-5,
    2.010_334_399_292_288e-7,
];
#[allow(clippy::excessive_precision)]
const F: [f64; 8] = [
    1.0,
    0.599_832_206_555_888,
    0.136_929_880_922_735_8,
    0.014_875_361_290_850_615,
    7.868_691_311_456_133e-4,
    1.846_318_317_510_054_8e-5,
    1.421_511_758_316_446e-7,
    2.043_631_480_399_372_6e-15,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_and_cdf_agree_with_tables() {
        assert!((standard_normal_quantile(0.90) - 1.281_551_565_544_600_5).abs() < 1e-14);
        assert!((standard_normal_quantile(0.75) - 0.674_489_750_196_081_7).abs() < 1e-14);
        assert!((standard_normal_quantile(0.5)).abs() < 1e-15);
        assert!((standard_normal_quantile(0.001) + 3.090_232_306_167_813_5).abs() < 1e-12);
        assert!((standard_normal_cdf(1.281_551_565_544_600_5) - 0.9).abs() < 1e-14);
        assert!((standard_normal_cdf(0.0) - 0.5).abs() < 1e-16);
    }

    #[test]
    fn band_ends_are_the_10th_and_90th_percentiles() {
        let band = Band::new(Decimal::from(180_000), Decimal::from(220_000), 0.1, 0.9).unwrap();
        let low = band.percentile(Money::dollars(180_000));
        assert!(
            (low - Decimal::from(10)).abs() < Decimal::new(1, 9),
            "{low}"
        );
        assert_eq!(
            band.value_at(Decimal::from(50)).whole_dollars(),
            Money::dollars(200_000)
        );
        // SPEC §3 worked through by hand: 200000 + 0.67449 × 15605.9 = 210526.
        assert_eq!(
            band.value_at(Decimal::from(75)).whole_dollars(),
            Money::dollars(210_526)
        );
    }

    #[test]
    fn percentiles_are_clamped() {
        let band = Band::new(Decimal::from(100), Decimal::from(200), 0.1, 0.9).unwrap();
        assert_eq!(
            band.percentile(Money::dollars(1_000_000)),
            Decimal::from(99)
        );
        assert_eq!(band.percentile(Money::ZERO), Decimal::from(1));
    }

    #[test]
    fn locations_match_by_alias_case_and_punctuation() {
        let market = Market::builtin().unwrap();
        for name in [
            "Bay Area",
            "bay_area",
            "San Francisco",
            "SAN-FRANCISCO",
            "BayArea",
        ] {
            assert_eq!(
                market.bands("L7", name).map(|b| b.location.as_str()),
                Some("Bay Area"),
                "{name}"
            );
        }
        assert_eq!(
            market.bands("l6", "new york").map(|b| b.location.as_str()),
            Some("NYC")
        );
        assert!(market.bands("L7", "Austin").is_none());
        assert_eq!(market.base_cap("L6"), Some(Money::dollars(220_000)));
        assert_eq!(next_level("L6").as_deref(), Some("L7"));
    }
}
