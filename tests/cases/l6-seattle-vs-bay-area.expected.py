#!/usr/bin/env python3
"""Independent figures for l6-seattle-vs-bay-area.yaml (SPEC §4, §7, §8, §10, §11).

Written from the SPEC alone, without offerbrief's code: each alternative's payments by
month from its own start, grouped by calendar year, taxed federally (the 2026 table) and
in Washington or California (the built-in tables' figures: California's 2025 brackets,
SDI 1.3% from 2026, Washington's WA Cares and PFML), with the SALT deduction of each year.
Run it to rewrite l6-seattle-vs-bay-area.expected.json beside it:

    python3 tests/cases/l6-seattle-vs-bay-area.expected.py
"""
import json
from decimal import Decimal as D, ROUND_HALF_UP, getcontext
from pathlib import Path

getcontext().prec = 40

def cents(x):
    return float(D(x).quantize(D("0.01"), rounding=ROUND_HALF_UP))

def add_months(date, months):
    y, m, d = date
    m0 = m - 1 + months
    y, m = y + m0 // 12, m0 % 12 + 1
    days = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return (y, m, min(d, days))

def brackets(bands, x):
    """bands: [(up_to or None, rate)]"""
    tax, floor = D(0), D(0)
    for up_to, rate in bands:
        if x <= floor:
            break
        top = x if up_to is None else min(D(up_to), x)
        tax += (top - floor) * D(rate)
        floor = top
    return tax

FEDERAL = [(12400, "0.10"), (50400, "0.12"), (105700, "0.22"), (201775, "0.24"), (256225, "0.32"), (640600, "0.35"), (None, "0.37")]
FED_STD = D(16100)
CA = [(11079, "0.01"), (26264, "0.02"), (41452, "0.04"), (57542, "0.06"), (72724, "0.08"), (371479, "0.093"), (445771, "0.103"), (742953, "0.113"), (None, "0.123")]
CA_STD = D(5706)
SALT = {2027: (D(40804), D(510050)), 2028: (D("41212.04"), D("515150.50")), 2029: (D("41624.16"), D("520302.01"))}

def salt_cap(year, magi):
    if year >= 2030:
        return D(10000)
    cap, threshold = SALT[year]
    return max(D(10000), cap - D("0.30") * max(D(0), magi - threshold))

PRE_TAX = D(23500)

def events(start, years, tranches, lump_sum):
    """years: [(base, sign_on, rsu, bonus)] per offer year; tranches per year."""
    out = []
    for y, (base, sign_on, rsu, bonus) in enumerate(years, start=1):
        first = 12 * (y - 1)
        for month in range(1, 13):
            out.append((first + month, "base", D(base) / 12, D(base)))
            if not lump_sum and sign_on:
                out.append((first + month, "sign_on", D(sign_on) / 12, D(base)))
        if lump_sum and sign_on:
            out.append((first + 1, "sign_on", D(sign_on), D(base)))
        t = tranches[y - 1]
        for k in range(1, t + 1):
            if rsu:
                out.append((first + 12 * k // t, "rsu", D(rsu) / t, D(base)))
        if bonus:
            out.append((first + 12, "bonus", D(bonus), D(base)))
    return [(add_months(start, offset), kind, amount, base) for offset, kind, amount, base in out if offset <= 48]

def taxes_of_year(year, evs, place):
    wages = sum(a for _, _, a, _ in evs)
    supplemental = sum(a for _, k, a, _ in evs if k != "base")
    pre_tax = min(PRE_TAX, wages)
    agi = wages - pre_tax
    if place == "CA":
        ti = max(D(0), agi - CA_STD)
        state = brackets(CA, ti) + max(D(0), ti - D(1000000)) * D("0.01")
        payroll = wages * D("0.013")
    else:
        state = D(0)
        payroll = wages * D("0.0058") + min(wages, D(184500)) * D("0.0113") * D("0.7143")
    salt = min(state, salt_cap(year, agi))
    deduction = max(FED_STD, salt)
    federal = brackets(FEDERAL, max(D(0), agi - deduction))
    fica = min(wages, D(184500)) * D("0.062") + wages * D("0.0145") + max(D(0), wages - D(200000)) * D("0.009")
    return wages, federal + fica + state + payroll

def alternative(start, years, tranches, lump_sum, place):
    evs = events(start, years, tranches, lump_sum)
    by_year = {}
    for date, kind, amount, base in evs:
        by_year.setdefault(date[0], []).append((date, kind, amount, base))
    rows = []
    for year in sorted(by_year):
        total, taxes = taxes_of_year(year, by_year[year], place)
        rows.append({"year": year, "total": cents(total), "taxes": cents(taxes), "net": cents(total - taxes)})
    four_year_total = sum(D(b) + D(s) + D(r) + D(bo) for b, s, r, bo in years[:4])
    net = sum(D(str(r["net"])) for r in rows)  # cents each, as the years print
    exact_net = sum(total - taxes for total, taxes in (taxes_of_year(y, by_year[y], place) for y in sorted(by_year)))
    return {"four_year_total": cents(four_year_total), "calendar_years": rows, "four_year_net": cents(exact_net)}

# The offer: Amazon in Seattle, from 2027-02-01; a grant of 440,000 vesting 5/15/40/40
# (one vest in years 1 and 2, two in years 3 and 4); the sign-on paid monthly.
offer_years = [(205000, 70000, 440000 * D("0.05"), 0), (205000, 50000, 440000 * D("0.15"), 0), (205000, 0, 440000 * D("0.40"), 0), (205000, 0, 440000 * D("0.40"), 0)]
offer = alternative((2027, 2, 1), offer_years, [1, 1, 2, 2], False, "WA")
# Google in the Bay Area, from 2027-02-15: 2,800 shares at $170 vesting 33/33/22/12
# monthly, a 60,000 lump-sum sign-on, a 22,000 bonus.
grant = D(2800) * D(170)
google_years = [(220000, 60000 if y == 0 else 0, grant * D(p) / 100, 22000) for y, p in enumerate([33, 33, 22, 12])]
google = alternative((2027, 2, 15), google_years, [12, 12, 12, 12], True, "CA")
# Staying at Contoso in Seattle, from the offer's start: 185,000 base, 60,000 equity in
# four quarterly vests, a 20,000 bonus at each year's end.
stay_years = [(185000, 0, 60000, 20000)] * 4
stay = alternative((2027, 2, 1), stay_years, [4, 4, 4, 4], False, "WA")

def versus(alt):
    alt["vs_offer_total"] = cents(D(str(alt["four_year_total"])) - D(str(offer["four_year_total"])))
    alt["vs_offer_net"] = cents(D(str(alt["four_year_net"])) - D(str(offer["four_year_net"])))
    return alt

offer.update(name="Amazon", kind="offer", jurisdictions=["WA"])
google = versus(dict(google, name="Google", kind="competing", jurisdictions=["CA"]))
stay = versus(dict(stay, name="Contoso", kind="stay", jurisdictions=["WA"]))
expected = {
    "years": [{"year": y + 1, "base": float(b), "sign_on": float(s), "rsu": cents(r), "bonus": float(bo), "total": cents(D(b) + D(s) + D(r) + D(bo))} for y, (b, s, r, bo) in enumerate(offer_years)],
    "four_year_total": offer["four_year_total"],
    "competing": [{"company": "Google", "four_year_total": google["four_year_total"]}],
    "flags_include": ["after_tax_order_differs", "competing_offer_higher"],
    "comparison": {
        "after_tax_order_differs": True,
        "alternatives": [offer, google, stay],
    },
}
out = Path(__file__).with_name("l6-seattle-vs-bay-area.expected.json")
out.write_text(json.dumps(expected, indent=2) + "\n")
print(f"wrote {out}")
for alt in expected["comparison"]["alternatives"]:
    print(alt["name"], alt["four_year_total"], alt["four_year_net"], alt.get("vs_offer_total"), alt.get("vs_offer_net"))
