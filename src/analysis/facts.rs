//! The facts of the offer file that documents quote (names, dates, the round's terms), as
//! the analysis hands them to the renderers.

use super::model::*;
use crate::market::Bands;
use crate::offer::{Offer, Round};
use crate::vocab::PayComponent;

/// The facts of the file the documents quote, for the analysed round.
pub(super) fn offer_facts(
    offer: &Offer,
    round: &Round,
    round_index: usize,
    level: &str,
    bands: Option<&Bands>,
    leaving: Option<Leaving>,
) -> OfferFacts {
    let package = &round.package;
    OfferFacts {
        candidate: CandidateFacts {
            name: offer.candidate.name.clone(),
            email: offer.candidate.email.clone(),
            domain: offer.candidate.domain.clone(),
            achievements: offer.candidate.achievements.clone(),
        },
        recruiter: offer.recruiter.as_ref().map(|r| RecruiterFacts {
            first_name: r.name.as_deref().map(first_name),
            name: r.name.clone(),
            email: r.email.clone(),
        }),
        company: offer.company.clone(),
        role: offer.role.clone(),
        level: level.to_string(),
        location_in: in_place(&display_location(&offer.location, bands)),
        location: display_location(&offer.location, bands),
        internal_transfer: offer
            .situation
            .as_ref()
            .is_some_and(|situation| situation.internal_transfer),
        currency: offer.currency.clone(),
        stock_price: offer.stock_price,
        round: RoundFacts {
            number: round_index + 1,
            name: round.name.clone(),
            date: round.date,
            base: package.base,
            sign_on: package.sign_on.clone(),
            sign_on_total: package.sign_on_total(),
            sign_on_paid: round.sign_on_paid,
            rsu_grant: package.grant,
            rsu_shares: package.shares.map(Shares),
            vesting: package.vesting.iter().copied().map(Number).collect(),
            annual_bonus: package.annual_bonus,
            relocation: round.relocation,
            start_date: round.start_date,
            reply_after: round.date.map(|d| d.plus_days(2)),
            parts: [
                (PayComponent::Base, true),
                (PayComponent::SignOn, !package.sign_on_total().is_zero()),
                (PayComponent::Rsu, !package.grant.is_zero()),
                (PayComponent::Bonus, !package.annual_bonus.is_zero()),
            ]
            .into_iter()
            .filter(|(_, present)| *present)
            .map(|(part, _)| part)
            .collect(),
        },
        rounds_in_file: offer.rounds.len(),
        goals: GoalFacts {
            target_percentile: Number(offer.goals.target_percentile),
            walk_away_total: offer.goals.walk_away_total,
            target_level: offer.goals.target_level.clone(),
            decision_deadline: offer.goals.decision_deadline,
            priorities: offer.goals.priorities.clone(),
        },
        current_job: offer
            .current_job
            .as_ref()
            .zip(leaving)
            .map(|(job, leaving)| CurrentJobFacts {
                base: job.base,
                annual_bonus: job.annual_bonus,
                annual_equity: job.annual_equity,
                unvested_equity: leaving.unvested_equity,
                forfeited_bonus: leaving.forfeited_bonus,
                annual_total: job.base + job.annual_bonus + job.annual_equity,
                forfeit_total: leaving.total(),
            }),
        assumptions: AssumptionFacts {
            stock_growth: Number(offer.assumptions.stock_growth),
            stock_growth_pct: Number(
                offer.assumptions.stock_growth * rust_decimal::Decimal::ONE_HUNDRED,
            ),
            base_raise: Number(offer.assumptions.base_raise),
            base_raise_pct: Number(
                offer.assumptions.base_raise * rust_decimal::Decimal::ONE_HUNDRED,
            ),
            hours_per_year: Number(offer.assumptions.hours_per_year),
        },
    }
}

/// The name a greeting uses: the first word of the name that is not a title ("Dana" of
/// "Dr. Dana Whitfield"); a name in a script written without spaces stays whole.
fn first_name(name: &str) -> String {
    const TITLES: [&str; 6] = ["dr", "mr", "ms", "mrs", "mx", "prof"];
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect();
    words
        .iter()
        .find(|word| !TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str()))
        .or(words.first())
        .map_or_else(|| name.trim().to_string(), |word| (*word).to_string())
}

/// "in Seattle", "in the Bay Area": a place named as a region (an "Area", a "Region", a
/// "Valley" that is not Silicon Valley, a "Triangle") takes "the" (SPEC §12.5).
pub(super) fn in_place(location: &str) -> String {
    let last = location
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    let region = matches!(
        last.as_str(),
        "area" | "region" | "triangle" | "peninsula" | "metroplex"
    ) || location.to_lowercase().starts_with("the ");
    if region && !location.to_lowercase().starts_with("the ") {
        format!("in the {location}")
    } else {
        format!("in {location}")
    }
}

/// The location as the documents name it: the market's spelling once a band matches the
/// same name written another way (`Bay_Area` and `bay area` both print as `Bay Area`);
/// else as written (an alias such as `San Francisco` is a place of its own).
fn display_location(written: &str, bands: Option<&Bands>) -> String {
    match bands {
        Some(bands) if crate::market::same_name(written, &bands.location) => bands.location.clone(),
        _ => written.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greeting_uses_the_first_name_and_a_region_takes_its_article() {
        assert_eq!(first_name("Dana Whitfield"), "Dana");
        assert_eq!(first_name("Dr. Dana Whitfield"), "Dana");
        assert_eq!(first_name("  Sam\u{8}Bob "), "Sam");
        assert_eq!(first_name("山田花子"), "山田花子");
        assert_eq!(in_place("Bay Area"), "in the Bay Area");
        assert_eq!(in_place("Seattle"), "in Seattle");
        assert_eq!(in_place("the Netherlands"), "in the Netherlands");
        assert_eq!(in_place("Silicon Valley"), "in Silicon Valley");
    }
}
