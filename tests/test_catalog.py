import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from hubscope.catalog import load_catalog
from hubscope.catalog.loader import HERE
from hubscope.errors import CatalogError, UnknownEntity
from hubscope.units import check_unit

THEMES = {"talent_skills", "capital", "research_ip", "commercialisation", "adoption",
          "language_openness", "regulation_business", "infrastructure_compute", "governance"}


@pytest.mark.parametrize("name", ["entities", "indicators", "pillars"])
def test_catalog_yaml_matches_its_schema(name):
    data = yaml.safe_load((HERE / f"{name}.yml").read_text(encoding="utf-8"))
    schema = json.loads((HERE / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_every_indicator_is_complete_and_its_unit_parses():
    cat = load_catalog()
    assert len(cat.indicators) >= 30
    assert THEMES <= set(cat.pillars)
    for ind in cat.indicators.values():
        assert ind.name_en and ind.name_ja and ind.definition
        if ind.unit not in ("date", "text"):
            check_unit(ind.unit.replace("LCU", "USD"))
    assert THEMES <= {i.pillar for i in cat.indicators.values()}


@pytest.mark.parametrize("name", ["Japan", "日本", "JP", "JPN", "jpn", "Nippon"])
def test_japan_resolves_from_any_name(name):
    assert load_catalog().resolve_entity(name) == "JPN"


def test_names_come_from_pycountry_and_cldr():
    cat = load_catalog()
    assert cat.entities["KOR"].name_en == "South Korea"
    assert cat.entities["DEU"].name_ja == "ドイツ"
    assert cat.resolve_entity("米国") == "USA"
    assert cat.resolve_entity("東大") == "utokyo"


def test_required_entities_exist():
    cat = load_catalog()
    for e in ["JPN", "USA", "CHN", "GBR", "DEU", "FRA", "KOR", "SGP", "ISR", "IND", "CAN", "EU27",
              "OECD", "JPN-Tokyo", "JPN-Tokyo-Yokohama", "utokyo", "stanford", "meti"]:
        assert e in cat.entities


def test_unknown_entity_suggests_the_nearest():
    with pytest.raises(UnknownEntity, match="did you mean 'JPN'"):
        load_catalog().resolve_entity("Japn")


def test_a_broken_catalog_is_refused(tmp_path: Path):
    for f in HERE.glob("*.yml"):
        shutil.copy(f, tmp_path / f.name)
    text = (tmp_path / "indicators.yml").read_text(encoding="utf-8")
    (tmp_path / "indicators.yml").write_text(text.replace("pillar: capital", "pillar: kapital", 1),
                                             encoding="utf-8")
    with pytest.raises(CatalogError, match="unknown pillar 'kapital'"):
        load_catalog(tmp_path)
    (tmp_path / "indicators.yml").write_text(text.replace("unit: percent", "unit: percnt", 1),
                                             encoding="utf-8")
    with pytest.raises(CatalogError, match="percnt"):
        load_catalog(tmp_path)
