"""Claims that stay true: each data-chosen word and each `{% if %}` of the prose is read
again after a (valid) change of the data. The numbers are recomputed and the prose is
rendered from them (ap4report.render.render_prose), without a full build.

Also: values keep full precision and are rounded once; a value that is not known as fact
cannot be printed without a hedge; the ledger records what the prose says and where from.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from ap4report import i18n, numbers
from ap4report.analysis.milex import constant_usd
from ap4report.claims import ContentError
from ap4report.datapackage import DataPackage
from ap4report.provenance import describe
from ap4report.render import render_prose

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
SETTINGS = {key: CONFIG["analysis"][key] for key in numbers.SETTINGS}
DATE = CONFIG["report"]["date"]
EDITIONS = {
    "en": {"language": "en", "locale": "en", "partner": None},
    "pl": {"language": "pl", "locale": "pl_PL", "partner": None},
}


@pytest.fixture(scope="module")
def tables():
    package = DataPackage.load(ROOT / "data/datapackage.yaml")
    frames = dict(zip(numbers.DATASETS, package.read_tables(*numbers.DATASETS), strict=True))
    for name, frame in frames.items():
        describe(frame, package[name])
    return frames


@pytest.fixture(scope="module")
def polish():
    return i18n.load("pl", "pl_PL", sorted(str(p) for p in (ROOT / "content/pl").glob("*.po")))


def computed(tables, language=None):
    frames = dict(tables)
    if language is not None:
        with i18n.active(language):
            frames["countries"] = i18n.localize_countries(frames["countries"])
            return numbers.compute_with_provenance(frames, SETTINGS, DATE)
    return numbers.compute_with_provenance(frames, SETTINGS, DATE)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", str(html)).replace("&#39;", "'").split())


def prose(tables, language="en", kind="report", partner=None, polish=None):
    """The rendered prose (plain text) and its ledger."""
    edition = {**EDITIONS[language], "partner": partner}
    values = computed(tables, polish if language == "pl" else None)
    strings = yaml.safe_load((ROOT / f"content/{language}/strings.yaml").read_text("utf-8"))
    html, ledger = render_prose(
        ROOT / f"content/{language}/{kind}.md",
        values,
        edition,
        strings,
        ROOT / "content/references.json",
    )
    return text_of(html), ledger


def changed(tables, name: str, mutate) -> dict:
    """A copy of the tables with one table changed (attrs kept)."""
    result = dict(tables)
    frame = tables[name].copy(deep=True)
    frame.attrs = copy.deepcopy(tables[name].attrs)
    result[name] = mutate(frame)
    return result


def set_level(frame, years, level="head_of_government"):
    frame.loc[frame["summit_year"].isin(years), "level"] = level
    return frame


def set_value(frame, mask, value, column="value"):
    frame.loc[mask, column] = value
    return frame


def with_milex(tables, year=2024, indicator="milex_share_gdp_pct", **values):
    """The tables with milex values of `year` changed, by country: with_milex(t, JPN=2.1)."""

    def mutate(frame):
        for iso3, value in values.items():
            set_value(frame, milex_row(frame, iso3, year, indicator), value)
        return frame

    return changed(tables, "milex", mutate)


def milex_row(frame, iso3, year, indicator="milex_share_gdp_pct"):
    return (frame["iso3"] == iso3) & (frame["year"] == year) & (frame["indicator"] == indicator)


# Rounding and scope ------------------------------------------------------------------


def test_values_keep_full_precision_and_round_once(tables):
    """Japan's real growth, 2021-2024, from the constant-price values: 31.47%, printed 31%
    (rounding 31.5 first would print 32%)."""
    values = computed(tables)["values"]
    real = tables["milex"]
    series = real[(real["iso3"] == "JPN") & (real["indicator"] == constant_usd(tables["milex"])[0])]
    by_year = dict(zip(series["year"], series["value"].astype(float), strict=True))
    growth = 100 * (by_year[2024] / by_year[2021] - 1)
    assert values["milex"]["real_growth_pct"]["JPN"] == pytest.approx(growth, abs=1e-12)
    text, _ = prose(tables)
    assert f"grew by {round(growth)}% in real terms" in text


def test_rok_totals_match_the_framework_they_are_quoted_for(tables):
    """The K2/K9/FA-50 frameworks of 27 July 2022: six executive contracts, about US$17.9 bn,
    not the nine (US$27.0 bn) that include the Chunmoo framework of 19 October 2022."""
    rok = computed(tables)["values"]["rok"]
    first = rok["first_frameworks"]
    assert first["date"] == "2022-07-27" and first["families"] == ["K2", "K9", "FA-50"]
    assert first["n_executive"] == 6
    assert first["executive_value_usd_bn"] == pytest.approx(17.875)
    assert first["any_value_approximate"] is False
    chunmoo = rok["frameworks"][rok["framework"]["K239"]["framework_date"]]
    assert chunmoo["n_executive"] == 3 and chunmoo["any_value_approximate"] is True
    text, _ = prose(tables)
    assert "six executive contracts" in text and "worth US$17.9 bn" in text
    assert "worth about US$17.9" not in text


def test_one_kiel_release_per_figure_table_and_sentence(tables):
    from ap4report.analysis.ukraine import RELEASE_A, RELEASE_B
    from ap4report.figures import ukraine_support as figure

    assert RELEASE_A == RELEASE_B
    package = DataPackage.load(ROOT / "data/datapackage.yaml")
    editions = {package[name].descriptor["edition"] for name in figure.SOURCES}
    assert len({re.search(r"Release (\d+)", e).group(1) for e in editions}) == 1
    kiel = computed(tables)["provenance"]["kiel.top_allocation"]
    assert len({re.search(r"Release (\d+)", r).group(1) for r in kiel["releases"]}) == 1


def test_donor_rank_counts_the_eu_institutions_and_says_so(tables):
    kiel = computed(tables)["values"]["kiel"]
    donors = tables["ukraine_support_kiel"]["iso3"].nunique()
    assert kiel["n_donors"] == donors == 42
    totals = tables["ukraine_support_kiel"]
    totals = totals[(totals["measure"] == "allocation") & (totals["aid_type"] == "total")]
    ranked = list(totals.sort_values("value_eur_bn", ascending=False)["iso3"])
    assert kiel["rank"]["JPN"] == ranked.index("JPN") + 1
    text, _ = prose(tables)
    assert f"of {donors} donors, counting the EU institutions as one" in text


# What may be stated as fact ------------------------------------------------------------


def test_an_unverified_value_stated_as_fact_stops_the_render(tables, tmp_path):
    content = tmp_path / "report.md"
    content.write_text(
        "Fine: {{ n.milex.latest_year }}.\nNot fine: {{ n.milex_preliminary.share.JPN }}%.\n",
        encoding="utf-8",
    )
    strings = yaml.safe_load((ROOT / "content/en/strings.yaml").read_text("utf-8"))
    with pytest.raises(
        ContentError,
        match=r"report\.md:2: milex_preliminary\.share\.JPN is unverified secondary copy",
    ):
        render_prose(
            content, computed(tables), EDITIONS["en"], strings, ROOT / "content/references.json"
        )
    content.write_text("Hedged: {{ n.milex_preliminary.share.JPN | preliminary('%') }}.\n", "utf-8")
    html, ledger = render_prose(
        content, computed(tables), EDITIONS["en"], strings, ROOT / "content/references.json"
    )
    assert "Hedged: 1.41% (preliminary)." in text_of(html)
    assert [c.hedged for c in ledger.claims if c.use == "printed"] == [True]


def test_a_value_laundered_through_a_filter_is_still_checked(tables, tmp_path):
    content = tmp_path / "report.md"
    content.write_text("{{ n.milex_preliminary.share.JPN | abs | string | upper }}\n", "utf-8")
    strings = yaml.safe_load((ROOT / "content/en/strings.yaml").read_text("utf-8"))
    with pytest.raises(ContentError, match=r"report\.md:1"):
        render_prose(
            content, computed(tables), EDITIONS["en"], strings, ROOT / "content/references.json"
        )


def test_a_median_on_a_row_to_be_checked_carries_the_caveat(tables):
    """The NATO median export share to China in 2020 is the UK's value, which the source
    notes ask to check: its status says so, so the prose cannot state it unhedged."""
    result = computed(tables)
    median = result["provenance"]["trade.nato_median_export_share"]
    assert median["status"] == "to_be_checked" and median["keys"] == ["GBR/CHN/2020/exports"]
    assert result["provenance"]["trade.nato_max_export_share"]["status"] == "published"


def test_the_ledger_records_every_printed_value_with_its_source(tables):
    _, ledger = prose(tables)
    rows = ledger.rows("nato-ap4-bulletin")
    printed = [row for row in rows if row["use"] == "printed"]
    assert len(printed) > 50
    for row in printed:
        assert row["sentence"] and row["printed"] in row["sentence"]
        assert row["datasets"] and row["releases"] and row["line"] > 0
        assert row["file"] == "content/en/report.md"
    growth = next(r for r in printed if r["paths"] == ["milex.fastest_real_growth_pct"])
    assert growth["printed"] == "31" and growth["value"] > 31.4
    assert growth["releases"] == [
        "April 2025 release (SIPRI Military Expenditure Database 2025; data 1949-2024)"
    ]
    assert any(row["use"] == "condition" for row in rows)


# Flips: each conditional claim and data-chosen word -------------------------------------


def test_headline_and_summit_claims_follow_attendance(tables, polish):
    from ap4report.assemble import document_info

    def title(values, language="en"):
        words = yaml.safe_load((ROOT / f"content/{language}/strings.yaml").read_text("utf-8"))
        edition = {"kind": "report", "language": language}
        return document_info({}, edition, words, values, {"authors": []})["title"]

    now = computed(tables)["values"]
    assert now["summits"]["representation_fell"]
    assert "Lower Level" in title(now)
    text, _ = prose(tables)
    assert (
        "its political weight has fallen: after Madrid and Vilnius, where all four leaders came, "
        "only one came to The Hague in 2025" in text
    )
    assert (
        "three of the four leaders came to Washington in 2024 and one of the four leaders came "
        "to The Hague in 2025" in text
    )

    # Every summit with all four leaders: the headline is the 2023 bulletin's again.
    full = changed(tables, "summit_attendance", lambda f: set_level(f, [2024, 2025]))
    assert (
        title(computed(full)["values"])
        == "NATO Intensifies Cooperation with Its Indo-Pacific Partners"
    )
    text, _ = prose(full)
    assert "political weight has fallen" not in text
    assert "every summit since 2022 has brought all four leaders" in text
    pl_text, _ = prose(full, "pl", polish=polish)
    assert "na każdy szczyt od 2022 r. przybywali wszyscy czterej przywódcy" in pl_text

    # Only 2025 back at full strength: 2024 still had three of four, so not "every summit".
    back = changed(tables, "summit_attendance", lambda f: set_level(f, [2025]))
    text, _ = prose(back)
    assert "every summit since 2022 has brought" not in text
    assert "although not every summit since 2022 has done so" in text
    pl_text, _ = prose(back, "pl", polish=polish)
    assert "choć nie na każdy od 2022 r." in pl_text


def test_guideline_sentence_follows_the_shares_and_the_guideline_in_force(tables, polish):
    text, _ = prose(tables)
    assert "only South Korea among the partners spent at least the 2% of GDP" in text
    japan_up = with_milex(tables, JPN=2.1)
    text, _ = prose(japan_up)
    assert "Japan and South Korea spent at least the 2% of GDP" in text
    pl_text, _ = prose(japan_up, "pl", polish=polish)
    assert "przeznaczyły Japonia i Korea Południowa" in pl_text
    korea_down = with_milex(tables, KOR=1.9)
    text, _ = prose(korea_down)
    assert "none of the four partners spent the 2% of GDP" in text

    def new_guideline(frame):
        import pandas as pd

        row = frame[frame["commitment"] == "wales_2014"].copy()
        row["commitment"], row["value_pct_gdp"] = "test_2026", 2.5
        row["agreed_date"] = type(row["agreed_date"].iloc[0])("2026-01-01")
        return pd.concat([frame, row], ignore_index=True)

    text, _ = prose(changed(tables, "nato_spending_guideline", new_guideline))
    assert "only South Korea among the partners spent at least the 2.5% of GDP" in text


def test_trend_and_fastest_growth_words_follow_the_data(tables):
    text, _ = prose(tables)
    assert "only Japan and New Zealand raised that share" in text
    assert "Japan stands out" in text
    all_up = with_milex(tables, AUS=2.5, KOR=2.7)
    text, _ = prose(all_up)
    assert "All four have raised that share since 2021" in text
    none_up = with_milex(tables, JPN=1.0, NZL=1.1)
    text, _ = prose(none_up)
    assert "None has raised that share since 2021" in text
    australia_fast = with_milex(tables, indicator=constant_usd(tables["milex"])[0], AUS=60000.0)
    text, _ = prose(australia_fast)
    assert "Australia stands out" in text and "Japan stands out" not in text


def test_ukraine_words_follow_the_donors(tables, polish):
    text, _ = prose(tables)
    assert "Japan has allocated the most among them" in text
    assert "mostly as financial aid" in text
    assert "Australia is the largest military donor" in text

    def japan_military(frame):
        mask = (frame["iso3"] == "JPN") & (frame["aid_type"] == "military")
        frame.loc[mask & (frame["measure"] == "allocation"), "value_eur_bn"] = 2.0
        return frame

    text, _ = prose(changed(tables, "ukraine_support_kiel", japan_military))
    assert "Japan is the largest military donor" in text
    ukraine = text[text.index("behind Ukraine") : text.index("Relative to their economies")]
    assert "howitzer" not in ukraine

    def australia_top(frame):
        mask = (frame["iso3"] == "AUS") & (frame["measure"] == "allocation")
        frame.loc[mask & (frame["aid_type"] == "total"), "value_eur_bn"] = 20.0
        frame.loc[mask & (frame["aid_type"] == "military"), "value_eur_bn"] = 19.0
        return frame

    text, _ = prose(changed(tables, "ukraine_support_kiel", australia_top))
    assert "Australia has allocated the most among them" in text
    assert "mostly as military aid" in text
    pl_text, _ = prose(changed(tables, "ukraine_support_kiel", australia_top), "pl", polish=polish)
    assert "najwięcej spośród nich przeznaczyła Australia" in pl_text


def test_rok_words_follow_the_contracts(tables, polish):
    text, _ = prose(tables)
    assert "all 48 aircraft" in text

    def fewer_fa50(frame):
        frame.loc[frame["contract_type"] == "executive_contract_1b", "quantity"] = 30
        return frame

    fewer = changed(tables, "rok_poland_arms", fewer_fa50)
    text, _ = prose(fewer)
    assert "all 42 aircraft" not in text and "42 of the 48 aircraft" in text
    pl_text, _ = prose(fewer, "pl", polish=polish)
    assert "42 z 48 samolotów" in pl_text

    def approximate(frame):
        frame.loc[frame["contract_type"] == "executive_contract_2", "value_usd_bn_qualifier"] = (
            "approximately"
        )
        return frame

    text, _ = prose(changed(tables, "rok_poland_arms", approximate))
    assert "worth about US$17.9 bn" in text


def test_programme_words_follow_the_area_lists(tables):
    text, _ = prose(tables)
    assert "Cyber defence is the firmest common ground" in text
    assert "only Japan lists information sharing as well" in text

    def listed(area, partners):
        def mutate(frame):
            mask = (frame["area"] == area) & frame["iso3"].isin(partners)
            frame.loc[mask, "status"] = "listed"
            frame.loc[mask, "verification_status"] = "verified"
            return frame

        return mutate

    alike = changed(tables, "itpp_areas", listed("information_sharing", ["AUS", "JPN", "KOR"]))
    text, _ = prose(alike)
    assert (
        "Cyber defence and information sharing are equally firm ground: each is listed by "
        "Australia, Japan, and South Korea" in text
    )
    more = changed(alike, "itpp_areas", listed("information_sharing", ["NZL"]))
    text, _ = prose(more)
    assert "Information sharing is the firmest common ground" in text


def test_a_listing_that_rests_on_unverified_rows_cannot_be_stated(tables):
    def listed_unverified(frame):
        mask = (frame["area"] == "cyber_defence") & (frame["iso3"] == "NZL")
        frame.loc[mask, ["status", "verification_status"]] = ["listed", "unverified"]
        return frame

    with pytest.raises(ContentError, match=r"content/en/report\.md:\d+: itpp\."):
        prose(changed(tables, "itpp_areas", listed_unverified))


def test_briefs_render_for_every_partner_in_both_languages(tables, polish):
    for partner in SETTINGS["partners"]:
        for language in ("en", "pl"):
            text, ledger = prose(tables, language, "brief", partner, polish)
            assert ledger.claims and text


def test_a_summit_without_recorded_attendance_is_reported_as_such(tables, polish):
    text, _ = prose(tables)
    assert "NATO set its 2026 summit in Ankara for 7 July 2026." in text
    assert "Who represented the partners there could not yet be confirmed" in text

    def ankara_recorded(frame):
        import pandas as pd

        rows = frame[frame["summit_year"] == 2025].copy()
        rows["summit_year"], rows["summit_city"] = 2026, "Ankara"
        rows["level"] = "not_invited"
        return pd.concat([frame, rows], ignore_index=True)

    recorded = changed(tables, "summit_attendance", ankara_recorded)
    text, _ = prose(recorded)
    assert "could not yet be confirmed" not in text and "NATO set its 2026 summit" not in text
    assert "none came to Ankara in 2026, and four were not invited" in text
    pl_text, _ = prose(recorded, "pl", polish=polish)
    assert (
        "na szczyt w Ankarze w 2026 r. nie przybył osobiście żaden z czterech przywódców" in pl_text
    )


# The briefs and the annex ---------------------------------------------------------------


def brief(tables, partner, language="en", polish=None):
    return prose(tables, language, "brief", partner, polish)[0]


def test_brief_words_follow_each_partners_data(tables, polish):
    korea, japan, australia = (brief(tables, p) for p in ("KOR", "JPN", "AUS"))
    assert "Arms for Poland." in korea and "already supplies a large part" in korea
    assert "Arms for Poland." not in japan
    assert "gives Ukraine more than any other partner" in japan
    assert "ranks 2nd of the four partners in support for Ukraine" in australia
    assert "above the 2% that NATO’s guideline asked" in korea and "below the 2%" in japan
    assert "Since 2021 that share has risen" in japan and "has fallen" in korea
    assert "According to press reports, it was agreed on 11 July 2023; other sources" in korea
    new_zealand = brief(tables, "NZL")
    assert "has not been published" in new_zealand
    assert "Its areas of cooperation have not been published." in new_zealand
    assert "Its leader has come to every summit since 2022" in new_zealand
    assert "Its leader has come to two of the four summits since 2022" in australia
    polish_korea = brief(tables, "KOR", "pl", polish)
    assert "Uzbrojenie dla Polski." in polish_korea and "dostarcza już dużą część" in polish_korea


def test_brief_words_flip_with_the_data(tables, polish):
    above = brief(with_milex(tables, JPN=2.1), "JPN")
    assert "above the 2% that NATO’s guideline asked" in above
    fallen = brief(with_milex(tables, JPN=0.9), "JPN")
    assert "Since 2021 that share has fallen" in fallen
    shrunk = brief(
        with_milex(tables, indicator=constant_usd(tables["milex"])[0], JPN=30000.0), "JPN"
    )
    assert "spending in real terms has shrunk" in shrunk
    top = brief(with_milex(tables, KOR=5.0), "KOR")
    assert "a larger share than any NATO member shown" in top

    def nz_minister(frame):
        frame.loc[(frame["iso3"] == "NZL") & (frame["summit_year"] >= 2022), "level"] = "minister"
        return frame

    away = changed(tables, "summit_attendance", nz_minister)
    text = brief(away, "NZL")
    assert "has not come to a NATO summit in person since 2022" in text
    assert "Its leader has not come to any of the four summits since 2022" in text
    pl_text = brief(away, "NZL", "pl", polish)
    assert "nie przybył osobiście na żaden z 4 szczytów" in pl_text


def test_the_annex_says_which_summit_is_not_yet_recorded(tables, polish):
    text, _ = prose(tables, "en", "annex")
    assert "The partners’ attendance at Ankara is not yet in the sources" in text
    pl_text, _ = prose(tables, "pl", "annex", polish=polish)
    assert "Udział partnerów w szczycie w Ankarze nie jest jeszcze odnotowany" in pl_text

    def ankara(frame):
        import pandas as pd

        rows = frame[frame["summit_year"] == 2025].copy()
        rows["summit_year"], rows["summit_city"] = 2026, "Ankara"
        return pd.concat([frame, rows], ignore_index=True)

    text, _ = prose(changed(tables, "summit_attendance", ankara), "en", "annex")
    assert "not yet in the sources" not in text


def test_an_attributed_value_needs_a_sentence_that_names_its_source(tables, tmp_path):
    content = tmp_path / "report.md"
    strings = yaml.safe_load((ROOT / "content/en/strings.yaml").read_text("utf-8"))
    values, references = computed(tables), ROOT / "content/references.json"
    content.write_text(
        "Politico said it on {{ n.milestones.ankara_exclusion_report | date"
        ' | attributed("Politico") }}.\n',
        "utf-8",
    )
    html, _ = render_prose(content, values, EDITIONS["en"], strings, references)
    assert "Politico said it on 19 February 2026." in text_of(html)
    content.write_text(
        "It was said on {{ n.milestones.ankara_exclusion_report | date"
        ' | attributed("Politico") }}.\n',
        "utf-8",
    )
    with pytest.raises(ContentError, match=r"report\.md:1: .* attributed to 'Politico'"):
        render_prose(content, values, EDITIONS["en"], strings, references)


@pytest.mark.parametrize(
    "expression",
    [
        'n.milex_preliminary.share.JPN ~ ""',
        '"share: " ~ n.milex_preliminary.share.JPN',
        '(n.milex_preliminary.share.JPN | string).replace("1", "1")',
        '"{}".format(n.milex_preliminary.share.JPN)',
        '[n.milex_preliminary.share.JPN] | join(", ")',
        '"%s" | format(n.milex_preliminary.share.JPN)',
        "n.milex_preliminary.share.JPN * 1",
        "n.milex_preliminary.share.JPN + 0",
        "-n.milex_preliminary.share.JPN",
        "n.milex_preliminary.share.JPN.real",
        "[n.milex_preliminary.share.JPN]",
        '{"a": n.milex_preliminary.share.JPN}',
        "n.milex_preliminary.share.items() | list",
        "n.milex_preliminary.share | dictsort",
        "n.milex_preliminary.share.JPN | string | list | join",
        "(n.milex_preliminary.share.JPN | num(2))[:4]",
        'n.milex_preliminary.share.JPN | num(2) | preliminary | replace(" (preliminary)", "")',
        'n.milex_preliminary.share.JPN | reportedly | replace("reportedly ", "")',
    ],
)
def test_no_expression_prints_an_unverified_value_unhedged(tables, tmp_path, expression):
    """Joins, format strings, methods, arithmetic, attributes, containers, slicing and
    filters after a hedge all keep the value tracked, so the check still stops it."""
    content = tmp_path / "report.md"
    content.write_text(f"Laundered: {{{{ {expression} }}}}.\n", "utf-8")
    strings = yaml.safe_load((ROOT / "content/en/strings.yaml").read_text("utf-8"))
    with pytest.raises(ContentError, match=r"report\.md:1: .*unverified"):
        render_prose(
            content, computed(tables), EDITIONS["en"], strings, ROOT / "content/references.json"
        )


@pytest.mark.parametrize(
    "expression",
    [
        "n.ledger",
        "n._ledger",
        "n.milex.share.update(JPN=4)",
        "n.milex.share | tojson",
        "n.milex.share.JPN | safe",
    ],
)
def test_the_content_cannot_reach_or_change_the_ledger(tables, tmp_path, expression):
    from jinja2.exceptions import SecurityError, TemplateError

    content = tmp_path / "report.md"
    content.write_text(f"{{{{ {expression} }}}}\n", "utf-8")
    strings = yaml.safe_load((ROOT / "content/en/strings.yaml").read_text("utf-8"))
    with pytest.raises((SecurityError, TemplateError, ContentError, ValueError)):
        render_prose(
            content, computed(tables), EDITIONS["en"], strings, ROOT / "content/references.json"
        )


def test_an_attribution_must_be_a_whole_word_of_four_letters_or_more(tables, tmp_path):
    content = tmp_path / "report.md"
    strings = yaml.safe_load((ROOT / "content/en/strings.yaml").read_text("utf-8"))
    for source in ("a", " ", "Japa"):
        content.write_text(
            f'Japan gave {{{{ n.milex_preliminary.share.JPN | attributed("{source}") }}}}.\n',
            "utf-8",
        )
        with pytest.raises(ContentError, match="attributed"):
            render_prose(
                content, computed(tables), EDITIONS["en"], strings, ROOT / "content/references.json"
            )


def test_no_marker_is_left_in_the_prose(tables, polish):
    """The ledger's markers (private-use characters) never reach the document, even where
    a macro prints claims inside a claim (the Polish plural forms)."""
    for language in ("en", "pl"):
        for kind in ("report", "annex"):
            text, ledger = prose(tables, language, kind, polish=polish)
            assert not re.search("[\ue000-\ue002]", text), (language, kind)
            for row in ledger.rows("x"):
                assert not re.search("[\ue000-\ue002]", row["printed"] + row["sentence"])
