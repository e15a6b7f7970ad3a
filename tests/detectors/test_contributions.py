"""Contributions and favourable results, on the 2017 report's own figures (hand-calculated)."""

import pytest

from detectors.contributions import contributions
from detectors.finding import YearOnYear


def yoy(key: str, current: float, previous: float, *, significant: bool = True) -> YearOnYear:
    change = current - previous
    return YearOnYear(
        indicator=key,
        area="lancashire",
        as_of="2017-06",
        current=current,
        previous=previous,
        change=change,
        percent=100 * change / previous if previous else None,
        p_value=0.01 if significant else 0.4,
        significant=significant,
    )


# Business crime: Shoplifting +1,222, Making Off Without Payment +342, Robbery Business +8.
BUSINESS = yoy("business-crime", 10_839, 9_267)
BUSINESS_PARTS = {
    "shoplifting": yoy("shoplifting", 9_005, 7_783),
    "making-off": yoy("making-off", 1_732, 1_390),
    "robbery-business": yoy("robbery-business", 102, 94),
}


def test_shoplifting_accounts_for_78_percent_of_the_increase():
    found = contributions(BUSINESS, bad_direction="up", categories=BUSINESS_PARTS)
    assert found.direction == "up"
    # 1,222 of 1,572 = 77.7%: more than two thirds alone, so it alone is named (DRIVER_SHARE).
    assert [p.key for p in found.categories] == ["shoplifting"]
    assert found.categories[0].share == pytest.approx(1222 / 1572)
    assert found.categories[0].change == 1222


def test_drivers_are_the_fewest_largest_parts_making_two_thirds():
    parts = {
        "violence": yoy("violence", 32_200, 27_496),  # +4,704
        "vehicle": yoy("vehicle", 10_592, 8_886),  # +1,706
        "shoplifting": yoy("shoplifting", 9_005, 7_783),  # +1,222
        "public-order": yoy("public-order", 3_353, 2_469),  # +884
        "bicycle-theft": yoy("bicycle-theft", 1_762, 1_932),  # -170: not an increase
    }
    total = yoy("all-crime", 111_320, 99_300)
    found = contributions(total, bad_direction="up", categories=parts)
    rising = 4704 + 1706 + 1222 + 884
    # 4,704 / 8,516 = 55.2%, with vehicle 75.3% >= 2/3: two named.
    assert [p.key for p in found.categories] == ["violence", "vehicle"]
    assert [p.share for p in found.categories] == pytest.approx([4704 / rising, 1706 / rising])


def test_divisions_it_is_mainly_attributable_to():
    areas = {
        "east": yoy("all-crime", 41_210, 36_469),  # +4,741
        "south": yoy("all-crime", 31_335, 27_681),  # +3,654
        "west": yoy("all-crime", 38_818, 35_193),  # +3,625
    }
    total = yoy("all-crime", 111_320, 99_300)
    found = contributions(total, bad_direction="up", areas=areas)
    # 4,741 / 12,020 = 39.4%; with South 69.9% >= 2/3 (WHERE_SHARE).
    assert [p.key for p in found.areas] == ["east", "south"]
    assert found.areas[1].share == pytest.approx(3654 / 12020)


def test_favourable_results_are_the_significant_falls_largest_first():
    parts = {
        "bicycle-theft": yoy("bicycle-theft", 1_762, 1_932),  # -170, -8.8%
        "damage-to-vehicles": yoy("damage-to-vehicles", 7_018, 7_265, significant=False),
        "drugs": yoy("drugs", 1_917, 2_619),  # -702, -26.8%
        "shoplifting": yoy("shoplifting", 9_005, 7_783),
    }
    found = contributions(yoy("all-crime", 111_320, 99_300), bad_direction="up", categories=parts)
    assert [p.key for p in found.favourable] == ["drugs", "bicycle-theft"]
    assert found.favourable[1].change == -170
    assert found.favourable[1].percent == pytest.approx(-8.8, abs=0.05)


def test_for_an_indicator_where_down_is_bad_a_rise_is_favourable():
    parts = {"a": yoy("a", 120, 100), "b": yoy("b", 60, 100)}  # +20, -40: down 20 in all
    found = contributions(yoy("t", 180, 200), bad_direction="down", categories=parts)
    assert [p.key for p in found.categories] == ["b"]
    assert [p.key for p in found.favourable] == ["a"]


def test_a_fall_the_good_way_names_its_drivers_once():
    # All crime and ASB down 20,379 (2021/22 Lancashire): ASB -23,308 of the 24,967 that fell
    # (93.4%) is the driver; public order and drugs also fell, significantly.
    parts = {
        "anti-social-behaviour": yoy("anti-social-behaviour", 57_650, 80_958),
        "public-order": yoy("public-order", 10_285, 11_466),
        "drugs": yoy("drugs", 2_667, 3_145),
        "shoplifting": yoy("shoplifting", 8_245, 6_877),
    }
    total = yoy("all-crime-and-asb", 198_000, 218_379)
    found = contributions(total, bad_direction="up", categories=parts)
    assert [p.key for p in found.categories] == ["anti-social-behaviour"]
    assert found.categories[0].share == pytest.approx(23_308 / (23_308 + 1_181 + 478))
    assert [p.key for p in found.favourable] == ["public-order", "drugs"]


def test_a_fall_is_told_by_the_parts_that_fell():
    parts = {"a": yoy("a", 50, 100), "b": yoy("b", 110, 100)}
    found = contributions(yoy("t", 160, 200), bad_direction="up", categories=parts)
    assert found.direction == "down"
    assert [p.key for p in found.categories] == ["a"] and found.categories[0].share == 1.0


def test_no_change_or_nothing_below_says_nothing():
    assert contributions(yoy("t", 200, 200), bad_direction="up", categories=BUSINESS_PARTS) is None
    assert contributions(BUSINESS, bad_direction="up") is None


def divisions(*changes: float) -> dict[str, YearOnYear]:
    """Divisions with the given In Year changes, each from 1,000 the year before."""
    return {f"d{n}": yoy("x", 1_000 + c, 1_000) for n, c in enumerate(changes)}


def test_a_fall_the_divisions_do_not_make_is_attributed_to_none_of_them():
    # Public order in Lancashire, 12 months to October 2022: down 1,181 while East fell 149,
    # South rose 23 and West 135: together up 9. The fall is in crimes with no location.
    total = yoy("public-order", 10_285, 11_466)
    found = contributions(total, bad_direction="up", areas=divisions(-149, 23, 135))
    assert found.areas == () and found.areas_change == 9
    assert not found.areas_attributable


def test_divisions_that_make_half_the_change_or_more_are_attributed():
    total = yoy("x", 9_000, 10_000)  # down 1,000
    half = contributions(total, bad_direction="up", areas=divisions(-400, -100, 0))
    assert half.areas_attributable and [p.key for p in half.areas] == ["d0"]
    less = contributions(total, bad_direction="up", areas=divisions(-400, -99, 0))
    assert less.areas == () and less.areas_change == -499 and not less.areas_attributable


def test_divisions_that_move_more_than_the_force_account_for_its_change():
    # All crime up 2,929 with its divisions up 15,009 together (unlocated crimes fell 12,080):
    # the rise is theirs; the shares are of their rise.
    total = yoy("all-crime", 147_000, 144_071)
    found = contributions(total, bad_direction="up", areas=divisions(4_395, 5_379, 5_235))
    assert [p.key for p in found.areas] == ["d1", "d2"]
    assert found.areas[0].share == pytest.approx(5_379 / 15_009)


def test_without_divisions_there_is_no_net_change_of_theirs():
    found = contributions(BUSINESS, bad_direction="up", categories=BUSINESS_PARTS)
    assert found.areas_change is None and not found.areas_attributable
