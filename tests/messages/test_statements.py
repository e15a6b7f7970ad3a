"""The report's statements computed and worded: each detector run on data with a known answer
(built by hand or seeded), then the sentence checked for what the 2017 report would say."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from detectors.long_trend import long_trend
from detectors.projection import project_financial_year
from detectors.remained_high import remained_high
from detectors.seasonal_pattern import seasonal_pattern
from detectors.statements import SmallNumbers, StatementInput, statements
from messages.statements import Names, sentence
from tests.detectors.synthetic import monthly, poisson
from tests.messages.samples import Indicator

THEME = "Tackling Crime & Re-offending"
VULNERABLE = "Supporting Vulnerable People & Victims"
CATALOGUE = {
    i.slug: i
    for i in (
        Indicator("domestic-abuse", "Domestic abuse", "domestic abuse crimes", VULNERABLE),
        Indicator("rape", "Rape", "rapes", VULNERABLE),
        Indicator("modern-slavery", "Modern slavery", "modern slavery crimes", VULNERABLE),
        Indicator("ksi-casualties", "KSI casualties", "KSI casualties", THEME),
        Indicator("burglary", "Burglary", "burglaries", THEME),
        Indicator("robbery", "Robbery", "robberies", THEME),
        Indicator("anti-social-behaviour", "Anti-social behaviour", "ASB incidents", THEME),
        Indicator("business-crime", "Business crime", "business crimes", THEME),
        Indicator("shoplifting", "Shoplifting", "shoplifting offences", THEME),
        Indicator("making-off", "Making off without payment", "making off offences", THEME),
        Indicator("all-crime", "All crime", "crimes", THEME),
        Indicator("bicycle-theft", "Bicycle theft", "bicycle thefts", THEME),
        Indicator("drugs", "Drugs", "drug offences", THEME),
        Indicator("public-order", "Public order", "public order offences", THEME),
        Indicator("all-crime-and-asb", "All crime and ASB", "crimes and ASB incidents", THEME),
        Indicator("hiac", "High impact acquisitive crime", "burglaries and robberies", THEME),
    )
}
# The recorded-crime categories (storage.catalogue.crime_categories for the real catalogue).
CRIMES = frozenset(
    {"burglary", "robbery", "shoplifting", "making-off", "bicycle-theft", "drugs", "public-order"}
)
AREAS = {"lancashire": "Lancashire", "east": "East Division", "south": "South Division"}
AREAS |= {"west": "West Division"}
NAMES = Names(CATALOGUE, AREAS, CRIMES)
AS_OF = "2017-06"


def two_years(previous: int, current: int, *, as_of: str = AS_OF) -> pd.Series:
    """24 months to ``as_of`` whose first 12 sum to ``previous`` and last 12 to ``current``,
    each year spread as evenly as whole counts allow."""

    def spread(total: int) -> list[int]:
        base, extra = divmod(total, 12)
        return [base + (1 if m < extra else 0) for m in range(12)]

    first = str(pd.Period(as_of, freq="M") - 23)
    return monthly(spread(previous) + spread(current), start=first)


def said(item: StatementInput, kind: type, *, as_of: str = AS_OF) -> str:
    """The sentence of the one statement of ``kind`` made about ``item``."""
    found = [s for s in statements(item, as_of=as_of, project=False) if isinstance(s, kind)]
    assert len(found) == 1, found
    return sentence(found[0], NAMES)


# Trend ----------------------------------------------------------------------------------------


def rising_from_february_2015(level: float, *, seed: int | None) -> pd.Series:
    """``level`` a month from January 2013, then up 2% a month from February 2015 (26.8% a
    year) to December 2017: Poisson counts when seeded, the rates themselves when not."""
    months = np.arange(60)
    rate = level * np.where(months < 25, 1.0, 1.02 ** (months - 24))
    values = rate if seed is None else np.random.default_rng(seed).poisson(rate)
    return monthly(values, start="2013-01")


def test_an_upward_trend_since_february_2015():
    found = long_trend(
        rising_from_february_2015(1000, seed=None),
        indicator="domestic-abuse",
        area="lancashire",
        as_of="2017-12",
    )
    assert sentence(found, NAMES) == (
        "Domestic abuse in Lancashire has been on an upward trend since February 2015 (about "
        "26.8% a year, seasonally adjusted)."
    )


@pytest.mark.parametrize("seed", range(3))
def test_a_seeded_trend_is_dated_to_its_first_month_up(seed):
    # 20,000 a month: Poisson noise of 0.7%, a third of one month's rise.
    found = long_trend(
        rising_from_february_2015(20_000, seed=seed),
        indicator="domestic-abuse",
        area="lancashire",
        as_of="2017-12",
    )
    text = sentence(found, NAMES)
    assert "has been on an upward trend since February 2015 (about " in text
    rate = float(re.search(r"about ([\d.]+)% a year", text).group(1))
    assert rate == pytest.approx(26.8, abs=0.5)


def test_a_downward_trend_from_the_start_of_the_data():
    series = monthly(2000 * 0.99 ** np.arange(36), start="2014-04")  # down 11.4% a year
    found = long_trend(series, indicator="burglary", area="south", as_of="2017-03")
    assert sentence(found, NAMES) == (
        "Burglary in South Division has been on a downward trend since the data begin in April "
        "2014 (about 11.4% a year, seasonally adjusted)."
    )


# Projection -----------------------------------------------------------------------------------

GROWTH = 1.147 ** (1 / 12) - 1  # a month: 14.7% a year


def rising_seasonal(level: float, *, seed: int | None) -> pd.Series:
    """2014-04 to 2017-06 (39 months): ``level`` a month growing 14.7% a year, with a summer
    peak of +20%; Poisson counts when seeded, the rates themselves when not."""
    t = np.arange(39)
    calendar_month = (t + 3) % 12 + 1
    rate = level * (1 + GROWTH) ** t * (1 + 0.2 * np.cos(2 * np.pi * (calendar_month - 7) / 12))
    values = rate if seed is None else np.random.default_rng(seed).poisson(rate)
    return monthly(values, start="2014-04")


def test_a_projected_increase_of_14_7_percent_in_2017_18():
    series = rising_seasonal(90, seed=None)
    found = project_financial_year(series, indicator="rape", area="lancashire", as_of="2017-06")
    previous = series["2016-04":"2017-03"].sum()  # 2016/17, the year before
    text = sentence(found, NAMES)
    assert text.startswith(
        "Rape in Lancashire: if current trends are maintained we are projecting an increase of "
        "14.7% in 2017/18 (likely range "
    )
    assert text.endswith(f"rapes against {previous:,.0f} in 2016/17).")


@pytest.mark.parametrize("seed", range(3))
def test_a_seeded_projection_says_the_rise_within_its_range(seed):
    # About 1,100 rapes a year: the noise of the months to come makes the range.
    text = sentence(
        project_financial_year(
            rising_seasonal(90, seed=seed), indicator="rape", area="lancashire", as_of="2017-06"
        ),
        NAMES,
    )
    match = re.search(
        r"projecting an increase of ([\d.]+)% in 2017/18 \(likely range \+([\d.]+)% to "
        r"\+([\d.]+)%",
        text,
    )
    assert match, text
    central, low, high = map(float, match.groups())
    assert central == pytest.approx(14.7, abs=6) and low < central < high


def test_a_projected_fall_is_a_reduction():
    series = monthly(1200 * 0.99 ** np.arange(39), start="2014-04")  # -11.4% a year
    found = project_financial_year(series, indicator="burglary", area="west", as_of="2017-06")
    assert "we are projecting a reduction of 11.4% in 2017/18" in sentence(found, NAMES)


# Remained high --------------------------------------------------------------------------------


def high_since_january_2017(tail: list[float]) -> tuple[pd.Series, float]:
    """36 seeded Poisson months around 100 from 2014-01, then ``tail`` from 2017-01; with the
    mean of the 36 (the earlier average: 101.2, shown whole as the report shows 100 or more)."""
    base = np.random.default_rng(1).poisson(100, 36).astype(float)
    return monthly(np.concatenate([base, tail]), start="2014-01"), float(base.mean())


def test_decreased_although_remained_high():
    # Up to a peak of 190 in February 2017, then down to 140 in June: every month above 100.
    series, average = high_since_january_2017([170, 190, 180, 160, 150, 140])
    found = remained_high(series, indicator="burglary", area="south", as_of="2017-06")
    assert sentence(found, NAMES) == (
        "Burglary in South Division reached a peak of 190 burglaries in February 2017 and has "
        "decreased although remained high to June 2017: above its earlier average of "
        f"{average:.0f} every month since January 2017."
    )


def test_remained_high_while_still_rising():
    series, average = high_since_january_2017([150, 160, 170])
    found = remained_high(series, indicator="burglary", area="south", as_of="2017-03")
    assert sentence(found, NAMES) == (
        "Burglary in South Division has remained high since January 2017, 3 months above its "
        f"earlier average of {average:.0f}, with 170 burglaries in March 2017."
    )


# Seasonality ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_asb_clearly_displays_the_expected_seasonality(seed):
    series = poisson(4000, 60, seed=seed, amplitude=0.2, peak=7, extra_cv=0.04)
    found = seasonal_pattern(
        series, indicator="anti-social-behaviour", area="lancashire", as_of=str(series.index[-1])
    )
    assert sentence(found, NAMES) == (
        "Anti-social behaviour in Lancashire clearly displays the expected seasonality, with "
        "peaks in the summer and troughs in the winter."
    )


def test_a_winter_peak_is_named_as_such():
    series = poisson(800, 48, seed=3, amplitude=0.15, peak=1)
    found = seasonal_pattern(series, indicator="burglary", area="west", as_of=str(series.index[-1]))
    assert "with peaks in the winter and troughs in the summer." in sentence(found, NAMES)


# Small numbers --------------------------------------------------------------------------------


def test_modern_slavery_up_550_percent_rests_on_small_numbers():
    # 14 to 91 in a year: up 77, 550%.
    item = StatementInput("modern-slavery", "lancashire", two_years(14, 91))
    assert said(item, SmallNumbers) == (
        "Please be aware that large percentage changes can be attributable to the small numbers "
        "involved in Modern slavery figures (14 in the previous 12 months)."
    )


def test_a_smaller_change_on_small_numbers_is_a_fluctuation():
    # KSI casualties 40 to 48: up 20%, on fewer than 50.
    item = StatementInput("ksi-casualties", "lancashire", two_years(40, 48))
    assert said(item, SmallNumbers) == (
        "Please be aware that fluctuations in the percentage changes will be attributable to "
        "the small numbers involved in KSI casualties figures (40 in the previous 12 months)."
    )


def test_no_caveat_on_a_large_count():
    item = StatementInput("burglary", "lancashire", two_years(400, 600))
    assert not [
        s for s in statements(item, as_of=AS_OF, project=False) if isinstance(s, SmallNumbers)
    ]


# Contributions --------------------------------------------------------------------------------


def total_of(parts: dict[str, pd.Series]) -> pd.Series:
    return sum(parts.values())


def test_shoplifting_accounts_for_approximately_78_percent_of_the_increase():
    # Business crime (2017 report): shoplifting 7,783 to 9,005 (+1,222, 15.7%), making off
    # without payment 1,390 to 1,732 (+342): shoplifting 1,222 of 1,564 = 78.1% of the rise.
    parts = {"shoplifting": two_years(7_783, 9_005), "making-off": two_years(1_390, 1_732)}
    item = StatementInput("business-crime", "lancashire", total_of(parts), components=parts)
    found = statements(item, as_of=AS_OF, project=False)[0]
    assert sentence(found, NAMES) == (
        "The main category which has contributed to the increase in Business crime in "
        "Lancashire in the 'In Year Performance' versus the 'Previous 12 Month Period' is: "
        "Shoplifting - Up 1,222 crimes (15.7%). Shoplifting accounts for approximately 78% of "
        "the increase in Business crime."
    )


def test_favourable_results_in_bicycle_theft_down_170_crimes():
    # All crime (2017 report): bicycle theft 1,932 to 1,762 (-170, -8.8%) and drugs 2,619 to
    # 1,917 (-702, -26.8%) fell, both significantly; shoplifting rose.
    parts = {
        "shoplifting": two_years(7_783, 9_005),
        "bicycle-theft": two_years(1_932, 1_762),
        "drugs": two_years(2_619, 1_917),
    }
    item = StatementInput("all-crime", "lancashire", total_of(parts), components=parts)
    text = sentence(statements(item, as_of=AS_OF, project=False)[0], NAMES)
    assert text.endswith(
        "There have been favourable results in: Drugs - Down 702 crimes (-26.8%); "
        "Bicycle theft - Down 170 crimes (-8.8%)."
    )


ALL_CRIME_AND_ASB = {  # Lancashire, 12 months to October 2022 against the 12 before
    "anti-social-behaviour": two_years(80_958, 57_650),  # -23,308, -28.8%
    "public-order": two_years(11_466, 10_285),  # -1,181, -10.3%
    "drugs": two_years(3_145, 2_667),  # -478, -15.2%
    "shoplifting": two_years(6_877, 8_245),  # +1,368
}


def test_each_part_is_counted_in_its_own_noun():
    parts = ALL_CRIME_AND_ASB
    item = StatementInput("all-crime-and-asb", "lancashire", total_of(parts), components=parts)
    text = sentence(statements(item, as_of=AS_OF, project=False)[0], NAMES)
    assert "Anti-social behaviour - Down 23,308 ASB incidents (-28.8%)" in text
    assert "Public order - Down 1,181 crimes (-10.3%)" in text
    assert "crimes and ASB incidents (" not in text  # the total's noun is no part's


def test_a_robbery_within_a_total_is_counted_in_crimes():
    parts = {"burglary": two_years(8_120, 8_108), "robbery": two_years(978, 1_023)}
    item = StatementInput("hiac", "lancashire", total_of(parts), components=parts)
    text = sentence(statements(item, as_of=AS_OF, project=False)[0], NAMES)
    assert "is: Robbery - Up 45 crimes (4.6%)." in text


def test_the_favourable_results_do_not_repeat_the_driver():
    # ASB is 23,308 of the 24,967 that fell (93.4%): named once, as the driver; the other
    # significant falls are also favourable results.
    parts = ALL_CRIME_AND_ASB
    item = StatementInput("all-crime-and-asb", "lancashire", total_of(parts), components=parts)
    text = sentence(statements(item, as_of=AS_OF, project=False)[0], NAMES)
    assert text.count("Anti-social behaviour - Down") == 1
    assert "Anti-social behaviour accounts for approximately 93% of the reduction" in text
    assert text.endswith(
        "There have also been favourable results in: Public order - Down 1,181 crimes (-10.3%); "
        "Drugs - Down 478 crimes (-15.2%)."
    )


def divisions(**changes: tuple[int, int]) -> dict[str, pd.Series]:
    return {area: two_years(*totals) for area, totals in changes.items()}


def test_a_fall_outside_the_divisions_is_attributed_to_no_division():
    # Public order, Lancashire: down 1,181 while East fell 149, South rose 23 and West 135.
    children = divisions(east=(3_921, 3_772), south=(2_614, 2_637), west=(3_214, 3_349))
    item = StatementInput(
        "public-order", "lancashire", two_years(11_466, 10_285), children=children
    )
    text = sentence(statements(item, as_of=AS_OF, project=False)[0], NAMES)
    assert text == (
        "The divisions together rose by 9 public order offences, so the reduction is in those "
        "with no recorded location, which count for Lancashire only."
    )


def test_a_fall_the_divisions_make_less_than_half_of_is_mainly_outside_them():
    # Drugs: down 478; the divisions fell 15, 118 and 83: 216 together, 45% of it.
    children = divisions(east=(937, 922), south=(766, 648), west=(1_051, 968))
    item = StatementInput("drugs", "lancashire", two_years(3_145, 2_667), children=children)
    text = sentence(statements(item, as_of=AS_OF, project=False)[0], NAMES)
    assert text == (
        "The divisions together fell by 216 drug offences, so the reduction is mainly in those "
        "with no recorded location, which count for Lancashire only."
    )


def test_a_rise_the_divisions_make_is_attributed_to_them():
    # Robbery: up 45; the divisions rose 31, 5 and 102: West 102 of 138 (74%) alone.
    children = divisions(east=(256, 287), south=(278, 283), west=(296, 398))
    item = StatementInput("robbery", "lancashire", two_years(978, 1_023), children=children)
    text = sentence(statements(item, as_of=AS_OF, project=False)[0], NAMES)
    assert text == "The increase is mainly attributable to West Division."
