//! The shared words of offerbrief: the levers, the drafts, the approval ladder, the
//! statuses and flags, and dates. Each word is defined here once, with its code (its name
//! in offer files and `analysis.json`) and the labels documents print; every stage (the
//! offer, the analysis, the renderers) imports it from here, and the typst template reads
//! the same labels from `labels.json` (see [`labels`]).

mod date;

pub use date::Date;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The ways a word is printed. A word has the ones its kind uses; the others are empty.
#[derive(Debug, Clone, Copy, Default)]
struct Labels {
    /// In prose: "sign-on bonus".
    label: &'static str,
    /// As a heading or table cell: "Sign-on bonus".
    title: &'static str,
    /// As a file name (drafts): "03-final-ask".
    stem: &'static str,
    /// In prose with its indefinite article: "an RSU grant".
    indefinite: &'static str,
}

/// Defines a vocabulary enum: its variants with their code and labels, `ALL`, `code()`,
/// `from_code()`, `codes()` and the label accessors.
macro_rules! words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $variant:ident => $code:literal { $( $field:ident: $value:literal ),* $(,)? } ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $variant ),*
        }

        impl $name {
            /// Every word, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The name in offer files and `analysis.json`.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),*
                }
            }

            /// The word whose code is `code` (exactly).
            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|word| word.code() == code)
            }

            /// Every code, in order.
            pub fn codes() -> Vec<&'static str> {
                $name::ALL.iter().map(|word| word.code()).collect()
            }

            #[allow(clippy::needless_update)]
            fn labels(self) -> Labels {
                match self {
                    $($name::$variant => Labels { $( $field: $value, )* ..Labels::default() }),*
                }
            }

            /// How prose names it ("sign-on bonus"); empty for words without one.
            pub fn label(self) -> &'static str {
                self.labels().label
            }

            /// How a heading or a table names it ("Sign-on bonus").
            pub fn title(self) -> &'static str {
                self.labels().title
            }

            /// The labels of every word, by code, for the templates.
            fn label_table() -> serde_json::Value {
                serde_json::Value::Object(
                    $name::ALL
                        .iter()
                        .map(|word| {
                            let labels = word.labels();
                            let fields = [("label", labels.label), ("title", labels.title), ("stem", labels.stem), ("indefinite", labels.indefinite)]
                                .into_iter()
                                .filter(|(_, text)| !text.is_empty())
                                .map(|(name, text)| (name.to_string(), serde_json::Value::from(text)));
                            (word.code().to_string(), serde_json::Value::Object(fields.collect()))
                        })
                        .collect(),
                )
            }
        }
    };
}

words! {
    /// The three money levers of SPEC §4.
    pub enum LeverKind {
        Base => "base" { label: "base salary", title: "Base salary", indefinite: "a base salary" },
        Rsu => "rsu" { label: "RSU grant", title: "RSU grant", indefinite: "an RSU grant" },
        SignOn => "sign_on" { label: "sign-on bonus", title: "Sign-on bonus", indefinite: "a sign-on bonus" },
    }
}

words! {
    /// How a sign-on bonus is paid out (SPEC §2, §7).
    pub enum SignOnPaid {
        Monthly => "monthly" { label: "paid monthly" },
        LumpSum => "lump_sum" { label: "paid as a lump sum" },
    }
}

words! {
    /// How firm a competing offer is.
    pub enum CompetingStatus {
        Expected => "expected" { label: "expected" },
        Verbal => "verbal" { label: "verbal" },
        Written => "written" { label: "written" },
    }
}

words! {
    /// Whether a lever has room to ask for more.
    pub enum LeverStatus {
        Ask => "ask" { title: "Ask" },
        NoGap => "no_gap" { title: "No gap" },
        AtCap => "at_cap" { title: "At cap" },
    }
}

words! {
    /// Where a lever stands in this round, as the lever plan tags it.
    pub enum LeverTag {
        AskNow => "ask_now" { title: "Ask now" },
        NotAsked => "not_asked" { title: "Not asked" },
        AskLater => "ask_later" { title: "Ask later" },
        AtCap => "at_cap" { title: "At cap" },
        NoGap => "no_gap" { title: "No gap" },
    }
}

words! {
    /// The seed's approval ladder: who signs off an increase of a given size.
    pub enum Approval {
        Recruiter => "recruiter" { label: "recruiter", title: "Recruiter" },
        HiringManager => "hiring_manager" { label: "hiring manager", title: "Hiring manager" },
        Director => "director" { label: "director", title: "Director" },
        VpCompensationCommittee => "vp_compensation_committee" { label: "VP / compensation committee", title: "VP / compensation committee" },
    }
}

words! {
    /// Every draft offerbrief writes, in reading order: the stem is its file name (and its
    /// template's), the title heads it in the PDF, the label names it in prose.
    pub enum EmailKind {
        Round1Counter => "round1_counter" { stem: "01-round-1-counter", title: "Round-1 counter", label: "round-1 counter" },
        Round2Followup => "round2_followup" { stem: "02-round-2-follow-up", title: "Round-2 follow-up", label: "round-2 follow-up" },
        FinalAsk => "final_ask" { stem: "03-final-ask", title: "Final ask", label: "final ask" },
        Acceptance => "acceptance" { stem: "04-acceptance", title: "Acceptance", label: "acceptance" },
        PreOfferAnswers => "pre_offer_answers" { stem: "05-pre-offer-answers", title: "Answers to pre-offer questions", label: "answers to pre-offer questions" },
        LevelReview => "level_review" { stem: "06-level-review", title: "Level review", label: "level review" },
        StartDateAndRelocation => "start_date_and_relocation" { stem: "07-start-date-and-relocation", title: "Start date and relocation", label: "start date and relocation" },
        ResetExpectations => "reset_expectations" { stem: "08-reset-expectations", title: "Resetting expectations", label: "reset-expectations" },
        AfterAcceptance => "after_acceptance" { stem: "09-after-acceptance", title: "After accepting", label: "after-acceptance" },
    }
}

words! {
    /// The seed's start-date ladder: how much leverage the weeks until the start give.
    pub enum Leverage {
        Weakest => "weakest" { label: "weakest" },
        None => "none" { label: "none" },
        Some => "some" { label: "some" },
        Strong => "strong" { label: "strong" },
        Maximum => "maximum" { label: "maximum" },
    }
}

words! {
    /// The four market components of SPEC §3.
    pub enum MarketComponent {
        Base => "base" { title: "Base salary" },
        Equity4yr => "equity_4yr" { title: "RSU grant (4 years)" },
        Signing => "signing" { title: "Sign-on (all years)" },
        TotalYear1 => "total_year_1" { title: "Year-1 total" },
    }
}

words! {
    /// The warning codes of SPEC §4 (and §7, §9).
    pub enum FlagCode {
        Year3Cliff => "year3_cliff" { title: "Year-3 cliff" },
        BelowMedian => "below_median" { title: "Below the median" },
        BelowWalkAway => "below_walk_away" { title: "Below your walk-away" },
        SignOnShortOfForfeit => "sign_on_short_of_forfeit" { title: "Sign-on short of what you forfeit" },
        BaseAtCap => "base_at_cap" { title: "Base at the cap" },
        CompetingOfferHigher => "competing_offer_higher" { title: "A competing offer is higher" },
        NoMarketBand => "no_market_band" { title: "No market band" },
        StartForfeitsVest => "start_forfeits_vest" { title: "The start date forfeits a vest" },
        RevealedNumberLow => "revealed_number_low" { title: "The number you revealed is low" },
        AfterTaxOrderDiffers => "after_tax_order_differs" { title: "After tax, the order changes" },
    }
}

words! {
    /// A federal filing status (`tax.filing`, SPEC §8).
    pub enum Filing {
        Single => "single" { label: "single" },
        MarriedJoint => "married_joint" { label: "married filing jointly" },
    }
}

words! {
    /// Why an offer already accepted may be reopened: the seed's valid reasons (SPEC §9).
    pub enum AfterAcceptanceReason {
        CompetingOffer => "competing_offer" { label: "a competing offer well above this one" },
        RoleChanged => "role_changed" { label: "the role changed substantially from what was discussed" },
        LifeEvent => "life_event" { label: "a major life event" },
        StartDelayedByCompany => "start_delayed_by_company" { label: "a start date the company delayed" },
    }
}

words! {
    /// The parts of a year's pay, as tables and charts name them.
    pub enum PayComponent {
        Base => "base" { title: "Base", label: "base" },
        SignOn => "sign_on" { title: "Sign-on", label: "sign-on" },
        Rsu => "rsu" { title: "RSU", label: "RSU vests" },
        Bonus => "bonus" { title: "Bonus", label: "bonus" },
    }
}

words! {
    /// The three parts of the seed's checklist.
    pub enum ChecklistSection {
        Before => "before" { title: "Before negotiating" },
        During => "during" { title: "During negotiation" },
        After => "after" { title: "After negotiating" },
    }
}

words! {
    /// The seed's checklist items (and two of offerbrief's own: the start date and the
    /// deadline), in the order the checklist lists them.
    pub enum ChecklistItem {
        ResearchMarket => "research_market" { title: "Research market rates" },
        WalkAway => "walk_away" { title: "Calculate your walk-away number" },
        CompetingOpportunities => "competing_opportunities" { title: "Document competing opportunities" },
        UniqueValue => "unique_value" { title: "Identify your unique value" },
        RecruiterQuestions => "recruiter_questions" { title: "Prepare responses to common recruiter questions" },
        Batna => "batna" { title: "Set up your BATNA" },
        NeverFirstNumber => "never_first_number" { title: "Never give the first number" },
        TakeYourTime => "take_your_time" { title: "Take 48 hours minimum to respond" },
        NegotiateComponents => "negotiate_components" { title: "Negotiate at least 2–3 components" },
        DataForEveryAsk => "data_for_every_ask" { title: "Use data to support every ask" },
        PositiveTone => "positive_tone" { title: "Maintain a positive, collaborative tone" },
        InWriting => "in_writing" { title: "Get everything in writing" },
        TimeTheStart => "time_the_start" { title: "Time the start date around your current job" },
        DecideBy => "decide_by" { title: "Decide by your deadline" },
        FourYearTotal => "four_year_total" { title: "Analyze the 4-year total, not just year 1" },
        HourlyRate => "hourly_rate" { title: "Calculate your true hourly rate including RSUs" },
        VestTiming => "vest_timing" { title: "Understand vest timing" },
        TaxImplications => "tax_implications" { title: "Understand the tax implications" },
        Year3Cliff => "year3_cliff" { title: "Plan for the year-3 compensation cliff" },
        DocumentAgreements => "document_agreements" { title: "Document all agreements" },
        AcceptanceEmail => "acceptance_email" { title: "Send a professional acceptance email" },
    }
}

/// Every label of every word, by kind and code: `labels.json` of the typst project, so
/// that the PDF names things exactly as the drafts and the terminal do.
pub fn labels() -> serde_json::Value {
    serde_json::json!({
        "levers": LeverKind::label_table(),
        "sign_on_paid": SignOnPaid::label_table(),
        "competing_status": CompetingStatus::label_table(),
        "lever_status": LeverStatus::label_table(),
        "lever_tags": LeverTag::label_table(),
        "approval": Approval::label_table(),
        "emails": EmailKind::label_table(),
        "leverage": Leverage::label_table(),
        "components": MarketComponent::label_table(),
        "flags": FlagCode::label_table(),
        "filing": Filing::label_table(),
        "after_acceptance_reason": AfterAcceptanceReason::label_table(),
        "pay": PayComponent::label_table(),
        "checklist_sections": ChecklistSection::label_table(),
        "checklist_items": ChecklistItem::label_table(),
    })
}

impl EmailKind {
    /// The draft's file name without extension (`03-final-ask`), also its template's name.
    pub fn stem(self) -> &'static str {
        self.labels().stem
    }

    /// Whether it is the candidate's own notes, never a message to the recruiter: its
    /// `.eml` is addressed to the candidate.
    pub fn is_note_to_self(self) -> bool {
        matches!(self, EmailKind::PreOfferAnswers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serde_names() {
        for lever in LeverKind::ALL {
            let json = serde_json::to_value(lever).unwrap();
            assert_eq!(json, lever.code());
            assert_eq!(LeverKind::from_code(lever.code()), Some(*lever));
        }
        for kind in EmailKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code());
        }
        assert_eq!(
            serde_json::to_value(FlagCode::Year3Cliff).unwrap(),
            "year3_cliff"
        );
    }

    #[test]
    fn labels_hold_every_word() {
        let labels = labels();
        assert_eq!(labels["levers"]["sign_on"]["label"], "sign-on bonus");
        assert_eq!(labels["emails"]["final_ask"]["title"], "Final ask");
        assert_eq!(labels["emails"]["final_ask"]["stem"], "03-final-ask");
        assert_eq!(
            labels["approval"]["vp_compensation_committee"]["label"],
            "VP / compensation committee"
        );
        assert_eq!(EmailKind::FinalAsk.label(), "final ask");
    }
}
