"""The HTML report: one self-contained file, escaped, in the report's style, and it loads in a
real headless Chromium without errors (the test skips where Chromium is absent)."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

from messages.inputs import AreaFigure, IndicatorFigures, Told
from messages.report_html import definition, report_html
from tests.messages.samples import FORCE, RAPE, ROBBERY, ROBBERY_YOY, report_inputs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Set to a folder to keep the screenshot (CI artefacts); otherwise it stays in pytest's tmp_path.
SCREENSHOT_DIR = os.environ.get("SCRUTINY_SCREENSHOT_DIR")
# Injected into a copy of the report: records script errors, failed resources, undecoded images.
PROBE = """<script>
addEventListener('error', e => { const d = document.documentElement.dataset;
  d.errors = (d.errors || '') + (e.message || 'failed: ' + e.target.outerHTML.slice(0, 80)) + ';';
}, true);
addEventListener('load', () => { const b = document.body.dataset;
  b.images = document.images.length;
  b.broken = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length;
  b.loaded = 'yes'; });
</script>"""


# The Police and Crime Plan priorities, as the 2017 report numbers them (sections 4 to 7).
PRIORITIES = (
    "Protecting Local Policing",
    "Tackling Crime & Re-offending",
    "Supporting Vulnerable People & Victims",
    "Developing Confident Communities",
)


@pytest.fixture(scope="module")
def report() -> str:
    figures, told = report_inputs()
    return report_html(
        "2017-05",
        FORCE,
        figures,
        told,
        include_sensitive=True,
        author="Performance Team",
        themes=PRIORITIES,
    )


def headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", html)]


def article(html: str, name: str) -> str:
    """The indicator's section of the report."""
    start = html.index(f") {name}</h3>")
    return html[start : html.index("</article>", start)]


def test_the_report_follows_the_seed_structure(report):
    assert headings(report) == [
        "1. Issue for Consideration",
        "2. Recommendation",
        "3. Exceptional Items",
        "4. Protecting Local Policing",
        "5. Tackling Crime &amp; Re-offending",
        "6. Supporting Vulnerable People &amp; Victims",
        "7. Developing Confident Communities",
        "8. List of attachments / appendices",
        "Appendix A – Performance Data",
    ]
    # A priority with no indicator loaded keeps its place and says so.
    assert "No indicator under this priority has two years of data to May 2017." in report


def test_each_indicator_has_its_in_year_line_and_divisions(report):
    crime = article(report, "All crime")
    assert "<span>In Year:</span> Up 12.1% (+12,020 crimes)</p>" in crime
    assert "South Division: Up 13.2% (+3,654 crimes)" in crime
    assert "Shoplifting accounts for approximately 43% of the increase in All crime" in crime


def test_the_national_table_where_there_are_national_figures(report):
    crime = article(report, "All crime")
    cells = re.findall(r"<td>(.*?)</td>", crime[crime.index('class="data national"') :])[:4]
    assert cells == [
        "Up 14.1% (+548,727 crimes)",
        "Up 22% (+111,809 crimes)",
        "Up 19.4% (+168,177 crimes)",
        "Up 12.2% (+12,168 crimes)",
    ]
    assert "<th>12M Jun 2017 -v- 12M Jun 2016</th>" in crime
    assert "43 forces nationally have an increase in All crime." in crime
    assert "Lancashire is 2nd of 8 in MSG; 12th of 43 nationally." in crime
    assert 'class="data national"' not in article(report, "Robbery")


def test_statements_have_their_place_under_their_indicator(report):
    crime = article(report, "All crime")
    statements = re.findall(r'<li class="statement">(.*?)</li>', crime)
    assert [s.split(" ")[:4] for s in statements] == [
        ["The", "main", "categories", "which"],  # what made the change, favourable results
        ["All", "crime", "in", "Lancashire"],  # the trend
        ["All", "crime", "in", "Lancashire:"],  # the projection
    ]
    assert "There have been favourable results in: Bicycle theft - Down 170 crimes" in crime
    assert "has been on an upward trend since February 2015" in statements[1]
    assert "we are projecting an increase of 14.7% in 2017/18" in statements[2]
    assert not re.findall(r'<li class="statement">', article(report, "Robbery"))


def test_exceptional_items_are_what_the_run_posted(report):
    section = report[report.index("3. Exceptional Items") : report.index("4. Protecting")]
    assert "the monthly run posted 2 new alerts, 2 follow-ups (1 continuing, 1 ended)" in section
    assert section.index("Robbery, South Division") < section.index("Items that remain")
    assert section.index("Items that remain") < section.index("Robbery, West Division")


def test_small_numbers_are_caveated(report):
    assert (
        "Please be aware that large percentage changes can be attributable to the small numbers "
        "involved." in article(report, "Modern slavery")
    )
    assert "Please be aware" not in article(report, "Robbery")


def test_appendix_a_defines_each_indicator():
    assert definition("robberies", "police.uk street-level", ["Robbery"]) == (
        "Number of robberies recorded (police.uk street-level)."
    )
    assert definition("crimes", "police.uk street-level", ["Burglary", "Robbery", "Drugs"]) == (
        "Number of crimes recorded (police.uk street-level): the sum of Burglary, Robbery and "
        "Drugs."
    )


def test_report_speaks_the_house_style(report):
    assert "'In Year Performance' refers to the 12 month period June 2016 to May 2017." in report
    assert (
        "The &#39;In Year Performance&#39; versus the &#39;Previous 12 Month Period&#39; shows an "
        "increase of 12,020 crimes (12.1%)."
    ) in report
    assert "East Division: Up 13% (+4,741 crimes)" in report
    assert (
        "South Division</strong>: Exceptionally high. 33 robberies in May 2017, over twice"
        in report
    )
    assert "Appendix A – Performance Data" in report


def test_report_is_one_self_contained_file(report):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", report)
    assert "<script" not in report and "<link" not in report
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', report)
    assert len(images) == report.count("<img") == 4
    assert all(base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n" for data in images)


def test_report_escapes_names_from_data():
    hostile = IndicatorFigures(
        ROBBERY, (AreaFigure("<script>alert(1)</script> & co", ROBBERY_YOY),)
    )
    html = report_html("2017-05", "<b>Force</b>", [hostile], Told(), include_sensitive=False)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;Force&lt;/b&gt;" in html


def test_a_report_without_sensitive_indicators_says_so(report):
    figures, findings = report_inputs(charts=False)
    html = report_html("2017-05", FORCE, figures, findings, include_sensitive=False)
    assert RAPE.name not in html and RAPE.noun not in html
    assert "Sensitive indicators are not included in this edition" in html
    assert RAPE.name in report


def test_item_letters_go_on_past_z():
    from messages.report_html import _letter

    assert [_letter(i) for i in (0, 25, 26, 27, 51, 52)] == ["a", "z", "aa", "ab", "az", "ba"]


def chromium(tmp_path: Path, *args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)",
)
def test_report_loads_in_headless_chromium(report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    loaded = chromium(
        tmp_path,
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=10000",
        "--dump-dom",
        url=page.as_uri(),
    )
    dom = loaded.stdout
    assert 'data-loaded="yes"' in dom, "the load event never fired"
    assert "data-errors" not in dom, re.search(r'data-errors="([^"]*)"', dom).group(1)
    assert 'data-images="4"' in dom and 'data-broken="0"' in dom
    console = [line for line in loaded.stderr.splitlines() if "CONSOLE" in line]
    assert console == []

    shot = tmp_path / "report.png"
    page.write_text(report, encoding="utf-8")
    chromium(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1000,2400",
        f"--screenshot={shot}",
        url=page.as_uri(),
    )
    pixels = image.imread(shot)
    assert pixels.shape[:2] == (2400, 1000)
    inked = np.mean(pixels[..., :3].min(axis=-1) < 0.9)
    assert inked > 0.02, "the screenshot is blank"
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(SCREENSHOT_DIR) / "report.png")
