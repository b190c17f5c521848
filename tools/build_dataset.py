"""Build the bundled Japan AI-hub data package from the checked reference figures.

Maintainers run `make dataset` when ../shared/reference changes; the output in
hubscope/data/japan-ai-hub is committed. Every row of the reference files is either turned
into an observation or listed in SKIPPED with the reason, and a test holds that to account.
The figures quoted in the two seed reports that no public source confirmed are stored with
the report itself as their source and status `unverified` (or `disputed` where the public
record contradicts them), never as fact.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hubscope.datapackage import BUNDLED, export_package  # noqa: E402
from hubscope.model import Observation  # noqa: E402
from hubscope.periods import Period  # noqa: E402
from hubscope.provenance import Provenance, Revision, Source  # noqa: E402
from hubscope.store import Store  # noqa: E402

# ../shared/reference beside the checkout; HUBSCOPE_REFERENCE for a checkout kept elsewhere (a worktree)
REFERENCE = Path(os.environ.get("HUBSCOPE_REFERENCE") or ROOT.parent / "shared" / "reference")
CURATED = datetime(2026, 11, 21)
AUTHOR = "hubscope curators"

# --- how the reference files' free-text columns map onto the store's typed fields -------------
CURRENCY_WORDS = {"CAD", "CNY", "EUR", "GBP", "ILS", "INR", "JPY", "KRW", "SGD", "USD"}


def unit_of(text: str) -> tuple[str, str | None, int | None]:
    """(pint unit, price basis, rank_of) for a reference unit string."""
    fixed = {
        "current USD": ("USD", "nominal"), "current USD, billions": ("billion * USD", "nominal"),
        "persons (midyear)": ("person", None), "persons, millions": ("million * person", None),
        "JPY, billions (calendar year)": ("billion * JPY", "nominal"),
        "JPY, billions (fiscal year Apr-Mar)": ("billion * JPY", "nominal"),
        "JPY, trillions (calendar year)": ("trillion * JPY", "nominal"),
        "JPY bn": ("billion * JPY", "nominal"), "USD bn": ("billion * USD", "nominal"),
        "USD bn (current PPP)": ("billion * USD", "ppp"),
        "USD PPP per person": ("USD / person", "ppp"),
        "per million population": ("graduates / (million * person)", None),
        "applications per million people": ("applications / (million * person)", None),
        "applications per USD 100bn GDP": ("applications / (100 * billion * USD)", None),
        "applications (worldwide, by applicant origin)": ("applications", None),
        "people (upper scenario)": ("person", None), "million": ("million * person", None),
        "score (max 800)": ("score", None), "rank": ("rank", None),
    }
    if text in fixed:
        unit, basis = fixed[text]
        return unit, basis, None
    if m := re.fullmatch(r"rank of (\d+)", text):
        return "rank", None, int(m[1])
    if m := re.fullmatch(r"([A-Z]{3}) per USD", text):
        return f"{m[1]} / USD", "nominal", None
    if m := re.fullmatch(r"([A-Z]{3}) per international \$", text):
        return f"{m[1]} / USD", "ppp", None
    if text == "%" or text.startswith("% of"):
        return "percent", None, None
    if text in ("applications", "students", "graduates", "clusters", "companies"):
        return text, None, None
    raise SystemExit(f"build_dataset: no unit mapping for {text!r}")


# period as published -> (period, vintage, note to add, method)
PERIODS = {
    "DB2020": ("2019", "Doing Business 2020", "ranking published in October 2019 as Doing Business 2020", None),
    "FY2023 survey (Jan-Feb 2024)": ("FY2023", "MIC White Paper 2024", "survey fielded January-February 2024", None),
    "FY2023 survey": ("FY2023", "MIC White Paper 2024", None, None),
    "FY2024 survey": ("FY2024", "MIC White Paper 2025", None, None),
    "2022 WP": ("2022", "MIC White Paper 2022", "survey year not stated; period is the white paper's year", None),
    "2013-2022 avg": ("2013/2022", None, "average over the period", None),
    "c.2014-2023 avg": ("2014/2023", None, "average over roughly the past decade (c.2014-2023), as published", None),
    "c.2018": ("2018", None, "circa 2018, as published", None),
    "H1 2023": ("2023H1", None, None, None),
    "2030 projection": ("2030", None, None, "projection"),
    "through FY2025": ("FY2025", None, "cumulative through FY2025", None),
    "2024-2025": ("2024/2025", None, None, None),
    "2026-2029": ("2026/2029", None, None, None),
}

SKIPPED = {
    ("ISR", "vc_investment_hightech_pct_gdp", "latest in OECD release of Jan 2023"):
        "reference year not stated by the source",
    ("USA", "vc_investment_hightech_pct_gdp", "latest in OECD release of Jan 2023"):
        "reference year not stated by the source",
    ("IND", "rd_expenditure_pct_gdp", "as cited Jul-2024"):
        "reference year not stated by the source (WDI's 2020 value is stored instead)",
}

ENTITIES = {"EU": "EU27", "Microsoft/JPN": "microsoft", "EPO": "epo",
            "USA-NewYorkCity": "USA-NewYork"}
INDICATORS = {
    "gerd_current_ppp_usd_bn": "gerd_ppp_usd", "it_talent_shortage_2030": "it_talent_shortage",
    "it_engineers_count": "it_engineers",
    "rapidus_subsidies_cumulative": "semiconductor_subsidies_cumulative",
    "startup_investment_baseline_gov": "startup_investment_gov_estimate",
}
ENTITY_OF_INDICATOR = {"rapidus_subsidies_cumulative": "rapidus"}

EDITION = re.compile(
    r"(GII \d{4}|AI Index \d{4}|White Paper \d{4}|WIPI \d{4}|GPCI \d{4}|S&T Indicators \d{4}|"
    r"Entrepreneurship at a Glance \d{4}|MSTI \d{4}/\d|Science & Engineering Indicators \d{4}|"
    r"IP Facts and Figures \d{4}|annual report \d{4}|Status Report \d{4}|Doing Business \d{4}|"
    r"Survey of Research and Development|study \d{4}|Plan)")


def value_of(text: str) -> dict:
    t = text.strip()
    extra = None
    if m := re.fullmatch(r"(.+?)\s*\((.+)\)", t):
        t, extra = m[1], m[2]
    out: dict = {"qualifier": "exact"}
    if t.startswith("~"):
        out.update(qualifier="approx", value=float(t[1:]))
    elif m := re.fullmatch(r"([\d.]+)-([\d.]+)", t):
        out.update(qualifier="range", lower=float(m[1]), upper=float(m[2]))
    else:
        out["value"] = float(t)
    if extra:
        out["note"] = f"also given as {extra}"
    return out


_SOURCES: dict[str, Source] = {}


def source_for(publisher: str, url: str, note: str = "") -> Source:
    """One source per publication (publisher and URL); the first wording seen names it."""
    slug = re.sub(r"[^a-z0-9]+", "-", publisher.lower().split(" (")[0].split(",")[0]).strip("-")[:40]
    digest = hashlib.sha1(url.encode()).hexdigest()[:6]
    series = re.search(r"original series (https://\S+?)(?:;|$)", note)
    title = publisher
    if series:
        code = series[1].rstrip("/").rsplit("/", 1)[-1]
        title = f"{publisher}: series {code}"
    via = re.search(r"\(via ([^)]+)\)|reported by (.+)$|tabulated by (.+)$", publisher)
    sid = f"{slug}-{digest}"
    if sid in _SOURCES:
        return _SOURCES[sid]
    return _SOURCES.setdefault(sid, Source(
        id=sid, publisher=re.split(r" \(via |, reported by |, tabulated by |, as reported by ",
                                                   publisher)[0],
        title=title, url=url or None,
        licence="CC-BY-4.0" if publisher.startswith("World Bank, World Development") else None,
        # the reference set names WDI the primary series and IMF/Fed figures cross-checks
        priority=10 if publisher.startswith("World Bank, World Development") else
        20 if publisher.startswith(("IMF, World Economic Outlook", "Board of Governors")) else 50,
        note=("secondary source: figure read from " + next(g for g in via.groups() if g)) if via else None,
    ))


def vintage_for(publisher: str, note: str) -> str | None:
    if m := re.search(r"commit ([0-9a-f]{7}), (\d{4}-\d{2}-\d{2})", note):
        return f"{m[2]} mirror, commit {m[1]}"
    if "October 2025" in publisher:
        return "WEO October 2025"
    m = EDITION.search(publisher)
    return m[1] if m else None


def method_for(note: str) -> str:
    if "supersedes" in note:  # a final figure that replaced a preliminary one
        return "reported"
    if "preliminary" in note or re.search(r"(^|; )estimate(;|$)", note) or "later revised" in note:
        return "estimate"
    return "reported"


def reference_observations(path: Path) -> list[Observation]:
    out = []
    with path.open(encoding="utf-8") as f:
        reference = list(csv.DictReader(f))
    for row in reference:
        key = (row["entity"], row["indicator"], row["period"])
        if key in SKIPPED:
            continue
        period, vintage, add_note, method = PERIODS.get(row["period"], (row["period"], None, None, None))
        unit, basis, rank_of = unit_of(row["unit"])
        indicator = INDICATORS.get(row["indicator"], row["indicator"])
        entity = ENTITY_OF_INDICATOR.get(row["indicator"]) or ENTITIES.get(row["entity"], row["entity"])
        # Japan's fiscal-year R&D ratio is the national definition; keep it off the OECD series
        if indicator == "rd_expenditure_pct_gdp" and entity == "JPN" and period.startswith("FY"):
            indicator = "rd_expenditure_pct_gdp_national"
        v = value_of(row["value"])
        notes = [n for n in (row["note"], v.pop("note", None), add_note) if n]
        if row["entity"] == "EU":
            notes.append("published for 'EU' (membership at the time)")
        out.append(Observation(
            entity=entity, indicator=indicator, period=Period.parse(period), unit=unit,
            price_basis=basis, rank_of=rank_of, note="; ".join(notes) or None, **v,
            provenance=Provenance(
                source=source_for(row["publisher"], row["url"], row["note"]),
                vintage=vintage or vintage_for(row["publisher"], row["note"]),
                method=method or method_for(row["note"]), status="verified"),
        ))
    return out


# --- the seeds' own figures, and public figures found for them (seed-claim-sources.csv) -------
SEED1 = Source(
    id="seed-kulyatin-japan-ai-hub-2025", publisher="Ilya Kulyatin",
    title="Japan as an international AI hub (live report, last update 4 June 2025)",
    url="https://bit.ly/japan_ai_hub", published="2025-06-04",
    note="seed report; figures sourced only to it are unverified", priority=90)
SEED2 = Source(
    id="seed-genai-adoption-9-1-2025",
    publisher="Industry news article (publisher not recorded)",
    title="Generative AI Adoption Rate Stands at Only 9.1% — Can Japan Achieve an Industrial "
          "Comeback with Its \"AI Act\"?", published="2025",
    note="seed report (copy kept by the project; original URL not recorded); figures sourced only to it are unverified",
    priority=90)
UNSTATED = "period not stated in the report; stored under the report's year"


def claim_source(claims: dict, cid: str) -> Source:
    row = claims[cid]
    return source_for(row["publisher"], row["url"])


def seed_observations(claims: dict) -> list[Observation]:
    def obs(entity, indicator, period, unit, source, status="verified", method="reported",
            note=None, vintage=None, **value):
        value.setdefault("qualifier", "exact")
        return Observation(entity=entity, indicator=indicator, period=Period.parse(period),
                           unit=unit, note=note, **value,
                           provenance=Provenance(source=source, vintage=vintage, method=method,
                                                 status=status))

    c = lambda cid: claim_source(claims, cid)  # noqa: E731
    u = "unverified"
    return [
        # public figures found for the seeds' claims
        obs("openai", "corporate_ai_commitment", "2024-04-15", "text", c("C003"),
            value_text="Opened its first Asian office, in Tokyo"),
        obs("nvidia", "corporate_ai_commitment", "2023-12", "text", c("C004"),
            value_text="Pledged priority GPU supply to Japan, an AI research lab and startup investment",
            note="secondary source"),
        obs("JPN", "university_startups_count", "FY2018", "companies", c("C009"), value=2278),
        obs("mitsui-fudosan", "industry_academia_lab", "2022-04", "text", c("C010"),
            value_text="FS CREATION open-innovation base with the University of Tokyo",
            note="no Hitachi Kyoto laboratory was found in public sources"),
        obs("JPN", "fdi_prior_notification_threshold_pct", "2019", "percent", c("C018"), value=10,
            note="threshold before the 2019 FEFTA amendment"),
        obs("JPN", "fdi_prior_notification_threshold_pct", "2020-05-08", "percent", c("C018"), value=1,
            note="lowered from 10% by the 2019 FEFTA amendment, in force 8 May 2020; listed companies in designated sectors"),
        obs("utokyo", "university_licensing_income", "FY2021", "million * JPY", c("C024"), value=557.7,
            vintage="University Factbook 2023",
            note="MEXT data; latest year in the 2023 factbook, about FY2021; 2nd among universities"),
        obs("kyoto-university", "university_licensing_income", "FY2021", "million * JPY", c("C024"),
            value=888.8, vintage="University Factbook 2023",
            note="MEXT data; latest year in the 2023 factbook, about FY2021; 1st among universities"),
        obs("JPN", "doctoral_program_entrants", "FY2023", "students", c("C031"), value=15000,
            qualifier="approx", vintage="S&T Indicators 2024", note="about 15,000, +4.4% on FY2022"),
        obs("JPN", "master_to_doctoral_progression_rate", "FY2022", "percent", c("C033"), value=9.9,
            vintage="S&T Indicators 2023"),
        obs("JPN", "ai_law_passed", "2025-05-28", "date", c("C050"),
            value_text="Act on the Promotion of Research, Development and Utilization of Artificial "
                       "Intelligence-related Technologies passed by the House of Councillors",
            note="the lower house passed it in April 2025; Japan's first AI-specific law, with no penalties"),
        obs("JPN", "ai_governance_body", "2025", "text", c("C055"),
            value_text="AI Strategy Headquarters, headed by the Prime Minister and made up of the whole Cabinet; drafts an AI basic plan"),
        obs("JPN", "ai_law_enforcement_powers", "2025", "text", c("C056"),
            value_text="May investigate AI business operators, give guidance and disclose the names of companies using generative AI for unscrupulous ends; no penalty provisions"),
        obs("JPN", "ai_law_promotion_measures", "2025", "text", c("C057"),
            value_text="Sets no detailed compliance obligations or penalties; enables future legislative, financial and administrative measures"),
        obs("JPN", "national_ai_strategy", "2021-06", "date", c("C062"),
            value_text="METI Strategy for Semiconductors and the Digital Industry formulated"),
        obs("JPN", "national_ai_strategy", "2023-06", "date", c("C062"),
            value_text="METI Strategy for Semiconductors and the Digital Industry revised (target: JPY 15tn domestic chip sales by 2030; 2 nm and beyond)"),
        obs("rapidus", "process_node_target", "2027", "text", c("C063"),
            value_text="2 nm logic in mass production by 2027 (pilot line from April 2025)"),
        obs("USA", "national_ai_strategy", "2022-08-09", "date", c("C064"),
            value_text="CHIPS and Science Act signed (about USD 52.7bn appropriated)", note="secondary source"),
        obs("CHN", "national_ai_strategy", "2017-07-20", "date", c("C065"),
            value_text="New Generation Artificial Intelligence Development Plan (State Council Guofa [2017] No. 35)"),
        # figures only the seed reports give: the report is the source, and the status says so
        obs("tokyo-ai", "community_members", "2025-06", "person", SEED1, u, value=2000,
            qualifier="approx", note="the report's author runs the community"),
        obs("JPN", "workforce_business_english_pct", "2025", "percent", SEED1, u, value=10,
            note=UNSTATED + "; only a recruiter podcast makes a similar claim"),
        obs("JPN", "medical_device_ai_approval_time", "2025", "year", SEED1, u, value=1,
            qualifier="at_most", note=UNSTATED + "; a 2022 consultancy note says approval 'can take several years'"),
        obs("JPN", "patents_per_patenting_organisation", "2025", "patents / organisations", SEED1, u,
            value=3.7, note=UNSTATED),
        *[obs(e, "patent_applications_pct_population", "2025", "percent", SEED1, u, value=v,
              note=UNSTATED + "; WIPO per-million figures put Korea ahead of Japan")
          for e, v in (("JPN", 0.16), ("USA", 0.10), ("CHN", 0.06))],
        obs("stanford", "university_licensing_income", "2022", "million * USD", SEED1, u, value=59,
            qualifier="approx", note="public Stanford OTL totals found only for FY2013-FY2017"),
        obs("utokyo", "university_licensing_income", "2022", "million * JPY", SEED1, u, value=800,
            qualifier="approx", note="the 2023 University Factbook gives 557.7m yen for about FY2021"),
        obs("JPN", "ai_hiring_gap_pct", "2024", "percent", SEED1, u, value=50, note="survey not named"),
        obs("JPN", "it_leaders_ai_top_skill_gap_pct", "2024", "percent", SEED1, u, value=60,
            note="survey not named; a 2025 global Linux Foundation survey gives 68% of organisations lacking AI/ML skills"),
        obs("JPN", "it_professionals_ai_ready_pct", "2025", "percent", SEED1, u, value=12, note=UNSTATED),
        *[obs(e, "stem_graduates_pct_population", "2025", "percent", SEED1, u, value=v, note=UNSTATED)
          for e, v in (("JPN", 0.16), ("USA", 0.30), ("CHN", 0.33))],
        obs("JPN", "doctoral_program_entrants", "FY2023", "students", SEED1, u, value=15014,
            note="the report cites MEXT; NISTEP gives about 15,000"),
        obs("JPN", "master_to_doctoral_progression_change", "2025", "percent", SEED1, u, value=-40,
            note=UNSTATED + "; NISTEP shows the progression rate at 9.9% (FY2022) and 9.7% (FY2023)"),
        obs("JPN", "recruiter_fee_pct_salary", "2025", "percent", SEED1, u, qualifier="range",
            lower=30, upper=45, note="'up to 30-45%'; recruiter directories give 30-35% as typical"),
        obs("GBR", "recruiter_fee_pct_salary", "2025", "percent", SEED1, u, value=15, note=UNSTATED),
        obs("JPN", "startup_investment_gov_estimate", "2022", "billion * JPY", SEED1, "disputed",
            value=7.4, note="attributed to the Cabinet Office; the government's Startup Development "
                            "Five-Year Plan (Nov 2022) puts annual startup investment at about JPY 800bn"),
        obs("JPN", "vc_investment_pct_gdp", "2025", "percent", SEED1, u, value=0.02,
            note=UNSTATED + "; matches the scale of OECD 2012-2014 data; VEC's FY2023 VC-fund investment (JPY 266.9bn) is about 0.05% of GDP"),
        obs("USA", "vc_investment_pct_gdp", "2025", "percent", SEED1, u, value=0.5, note=UNSTATED),
        obs("ISR", "vc_investment_pct_gdp", "2025", "percent", SEED1, u, value=0.6, note=UNSTATED),
        obs("JPN-Tokyo-Yokohama", "gii_cluster_vc_rank", "2024", "rank", SEED1, u, value=21,
            note="GII 2025 added VC deals to the cluster ranking and Tokyo-Yokohama fell to 2nd"),
        obs("JPN", "unicorn_count", "2023", "companies", SEED1, "disputed", value=15,
            note="CB Insights counted 6 Japanese unicorns in October 2022; Keidanren about 10 in March 2022"),
        *[obs(e, "ai_investment_unspecified", "2024", "billion * USD", SEED2, u, value=v, qualifier=q,
              note="the article cites 'Statista and OECD data' without naming the measure")
          for e, v, q in (("USA", 60, "more_than"), ("CHN", 40, "more_than"), ("JPN", 5, "less_than"))],
    ]


def extra_revisions() -> list[tuple[tuple, float, str, datetime, str]]:
    """Earlier vintages the reference notes record: (key, old value, old vintage, date, reason)."""
    return [(("JPN", "gdp_current_usd", "2024"), 4027597523550.58, "2026-05-01 mirror",
             datetime(2026, 5, 1),
             "WDI vintage mirrored 2026-05-01, before the large upward revision of Japan's series")]


# Connector figures: every figure the bundled snapshots give for a catalog economy, read by the
# connectors themselves (so `hubscope update <source> --snapshot ID` finds them unchanged). They are
# built in here rather than applied by `hubscope init` so that init stays one bulk import (see
# bench/RESULTS.md, "init with the snapshot figures"). Their sources have priority 70, so the
# checked reference figure (priority 10-50) is preferred where both give a cell and the connector's
# stands beside it as an alternative.


def connector_observations(store: Store) -> tuple[list[Observation], dict[str, int]]:
    """The bundled snapshots' figures (from each mapping's first year), each revision dated by its snapshot."""
    from hubscope.connectors import BY_SNAPSHOT_SOURCE, connector, snapshots
    from hubscope.connectors.snapshot import BUNDLED as SNAPSHOTS
    from hubscope.connectors.update import plan

    out: list[Observation] = []
    skipped: dict[str, int] = {}
    for snap in snapshots((SNAPSHOTS,)):
        c = connector(BY_SNAPSHOT_SOURCE[snap.source])
        p = plan(store, c, snap)
        when = datetime.fromisoformat(snap.retrieved[:10])
        reason = f"{c.reason_label} update of {p.vintage} (bundled snapshot {snap.id})"
        for ch in p.changes:
            o = ch.record.observation
            out.append(replace(o, revision=Revision(0, when, f"connector:{c.name}", reason)))
        skipped[snap.id] = sum(p.skipped.values())
    return out, skipped


def build(out: Path = BUNDLED) -> dict:
    with (REFERENCE / "seed-claim-sources.csv").open(encoding="utf-8") as f:
        claims = {r["claim_id"]: r for r in csv.DictReader(f)}
    observations = (reference_observations(REFERENCE / "macro-figures.csv")
                    + reference_observations(REFERENCE / "peer-figures.csv")
                    + seed_observations(claims))
    store = Store("sqlite:///:memory:")
    store.migrate()
    with store.write() as conn:
        store.sync_catalog(conn)
        reason = "curated from the checked reference figures (shared/reference)"
        earlier = {key: rest for key, *rest in extra_revisions()}
        for o in observations:
            k = (o.entity, o.indicator, o.period.text)
            if k in earlier and o.provenance.source.publisher.startswith("World Bank"):
                value, vintage, when, why = earlier[k]
                old = replace(o, value=value, provenance=replace(o.provenance, vintage=vintage),
                              revision=Revision(1, when, AUTHOR, why))
                store.record(old, AUTHOR, why, conn)
            o = replace(o, revision=Revision(0, CURATED, AUTHOR, reason))
            store.record(o, AUTHOR, reason, conn)
    added, skipped = connector_observations(store)
    with store.write() as conn:
        for o in added:
            assert o.revision is not None
            store.record(o, o.revision.author, o.revision.reason, conn)
    export_package(store, out, name="japan-ai-hub",
                   title="Japan as an international AI hub: indicators for Japan and its peers")
    return {**store.counts(), "connector_figures": len(added), "connector_rows_skipped": skipped}


if __name__ == "__main__":
    print(build())
