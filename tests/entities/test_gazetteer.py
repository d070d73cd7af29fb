"""The gazetteer loads, validates and looks names up the way the linker needs."""

from __future__ import annotations

import json
import logging

import pytest

from discourse.entities import KINDS, LABELS, load_gazetteer, name_key, slug
from discourse.errors import IngestError


def test_builtin_gazetteer_is_large_valid_and_unambiguous(caplog):
    load_gazetteer.cache_clear()
    with caplog.at_level(logging.WARNING):
        gaz = load_gazetteer()
    assert len(gaz) >= 150
    ids = [e.id for e in gaz]
    assert len(ids) == len(set(ids))
    assert {e.label for e in gaz} <= set(LABELS)
    assert {e.kind for e in gaz} == set(KINDS)
    # no alias is claimed by two entities ([W301] would be logged)
    assert not [r for r in caplog.records if "[W301]" in r.getMessage()]


def test_covers_the_drug_policy_world_of_the_americas():
    gaz = load_gazetteer()
    for name, kind in [
        ("CJNG", "criminal_group"),
        ("Mara Salvatrucha", "criminal_group"),
        ("Los Urabeños", "criminal_group"),
        ("SEDENA", "armed_force"),
        ("Border Patrol", "government_body"),
        ("Plan Colombia", "policy_program"),
        ("UNODC", "international_body"),
        # advocacy groups, NGOs and companies: organization (the NRA was an
        # international_body, as no kind of their own existed)
        ("the NRA", "organization"),
        ("Human Rights Watch", "organization"),
        ("Marijuana Policy Project", "organization"),
        ("Purdue Pharma", "organization"),
        ("Purdue Pharma L.P.", "organization"),
        ("PRI", "party"),
        ("AMLO", "person"),
        ("Bukele", "person"),
        ("Tamaulipas", "region"),
        # the school drug-education programme was a PERSON "DARE"
        ("D.A.R.E.", "policy_program"),
        ("DARE", "policy_program"),
        ("Drug Abuse Resistance Education", "policy_program"),
    ]:
        hit = gaz.lookup(name)
        assert hit is not None, name
        assert hit[0].kind == kind


def test_demonyms_link_to_their_place_as_norp():
    gaz = load_gazetteer()
    ent, label = gaz.lookup("Guatemalan")
    assert (ent.id, label) == ("guatemala", "NORP")
    ent, label = gaz.lookup("Central American")
    assert (ent.name, label) == ("Central America", "NORP")


def test_lookup_ignores_case_accents_article_and_possessive():
    gaz = load_gazetteer()
    assert gaz.lookup("the U.S.’s")[0].id == "united-states"
    assert gaz.lookup("PEREZ MOLINA")[0].name == "Otto Pérez Molina"
    assert name_key("The Zetas'") == name_key("zetas")


def test_unknown_names_get_stable_slugs():
    assert slug("Karen Hooper") == slug("karen hooper") == "x:karen-hooper"
    assert slug("Héctor León") == "x:hector-leon"


def test_spanish_double_surname_short_form_unless_shared():
    gaz = load_gazetteer()
    assert gaz.lookup("López Obrador")[0].id == "andres-manuel-lopez-obrador"
    # two brothers share "Rodríguez Orejuela": the short form links to neither
    assert gaz.lookup("Rodríguez Orejuela") is None


def _write(tmp_path, records):
    path = tmp_path / "gaz.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_custom_gazetteer_file(tmp_path):
    path = _write(
        tmp_path,
        [{"id": "los-mendoza", "name": "Los Mendoza", "label": "ORG", "kind": "criminal_group"}],
    )
    gaz = load_gazetteer(path)
    assert gaz.lookup("los mendoza")[0].id == "los-mendoza"
    assert repr(gaz) == f"Gazetteer(1 entities, path={str(path)!r})"


SHARED = [
    {"id": "norte-azul", "name": "Cártel del Norte Azul", "label": "ORG", "kind": "criminal_group",
     "aliases": ["Los Azules"]},
    {"id": "mexico", "name": "Mexico", "label": "GPE", "kind": "country"},
    {"id": "azul-gang", "name": "Azul Gang", "label": "ORG", "kind": "criminal_group",
     "aliases": ["Los Azules"]},
]  # fmt: skip


def test_an_alias_of_two_entities_is_a_warning_naming_both_lines(tmp_path, caplog):
    """E301 and E302 name their lines; W301 named none, so the two entities had to be
    searched for in a file of hundreds of lines."""
    from discourse.entities.gazetteer import gazetteer_warnings

    path = _write(tmp_path, SHARED)
    with caplog.at_level(logging.WARNING):
        gaz = load_gazetteer(path)
    message = (
        f"[W301] {path}: alias 'Los Azules' of 'azul-gang' (line 3) already names "
        "'norte-azul' (line 1); kept for 'norte-azul'."
    )
    assert [r.getMessage() for r in caplog.records] == [message] == gaz.warnings
    assert gaz.lookup("los azules")[0].id == "norte-azul"
    # for a caller that records them itself (a run): the messages, not logged
    (tmp_path / "other").mkdir()
    other = _write(tmp_path / "other", SHARED)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert gazetteer_warnings(other) == [message.replace(path, other)]
    assert not caplog.records
    assert load_gazetteer(other).warnings == [message.replace(path, other)]  # the cached copy


def test_the_shipped_gazetteer_has_no_warnings():
    """A run skips recording the shipped gazetteer's warnings (it would cost a no-op
    run spaCy's import): there must be none."""
    from discourse.entities.gazetteer import gazetteer_warnings

    assert gazetteer_warnings() == []


def test_gazetteer_repr_is_a_summary():
    # the dataclass repr printed every entity and index entry: 135,421 characters
    gaz = load_gazetteer()
    assert repr(gaz) == f"Gazetteer({len(gaz)} entities)" == "Gazetteer(461 entities)"
    assert gaz == load_gazetteer() and gaz.entities  # equality and fields unchanged


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "x", "name": "X", "label": "CITY", "kind": "region"}, "label"),
        ({"id": "x", "name": "X", "label": "GPE", "kind": "town"}, "kind"),
        ({"id": "X Y", "name": "X", "label": "GPE", "kind": "region"}, "slug"),
        (
            {"id": "x", "name": "X", "label": "ORG", "kind": "media", "demonyms": ["Xian"]},
            "demonyms",
        ),
        ({"id": "x", "name": "X", "label": "GPE", "kind": "region", "color": "red"}, "unknown"),
        ({"id": "x", "name": "X", "label": "GPE", "kind": "region", "context_of": "nope"}, "nope"),
    ],
)
def test_invalid_records_are_rejected_with_a_coded_error(tmp_path, record, message):
    path = _write(tmp_path, [record])
    with pytest.raises(IngestError, match=r"\[E301\].*line 1") as err:
        load_gazetteer(path)
    assert message in str(err.value)


def test_a_gazetteer_line_cut_short_names_its_line_and_the_column_in_it(tmp_path):
    """Read as every JSON Lines file is (:func:`discourse.io.parse_json_line`): it said
    "line 2" and then json's own "line 1 column 10 (char 9)"."""
    rec = {"id": "x", "name": "X", "label": "GPE", "kind": "region"}
    path = tmp_path / "gaz.jsonl"
    path.write_text(json.dumps(rec) + '\n{"id":"y"\n', encoding="utf-8")
    with pytest.raises(IngestError) as err:
        load_gazetteer(path)
    assert str(err.value) == (
        f"[E301] {path}: invalid gazetteer record at line 2: invalid JSON at column 10: "
        "Expecting ',' delimiter; the line ends before the object is closed."
    )


def test_duplicate_ids_and_missing_file(tmp_path):
    rec = {"id": "x", "name": "X", "label": "GPE", "kind": "region"}
    with pytest.raises(IngestError, match=r"\[E302\].*lines 1 and 2"):
        load_gazetteer(_write(tmp_path, [rec, rec]))
    with pytest.raises(IngestError, match=r"\[E300\]"):
        load_gazetteer(str(tmp_path / "missing.jsonl"))


def test_nameless_slugs_are_stable_but_never_shared():
    assert slug("🇲🇽") == slug(" 🇲🇽 ") != slug("🇸")
    assert slug("🇲🇽").startswith("x:unnamed-")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "x", "name": "X", "label": "PERSON", "kind": "country"}, "does not fit kind"),
        ({"id": "x", "name": "X", "label": "GPE", "kind": "person"}, "does not fit kind"),
        ({"id": "x", "name": "?", "label": "GPE", "kind": "region"}, "no letter or digit"),
        (
            {"id": "x", "name": "X", "label": "GPE", "kind": "region", "aliases": ["--"]},
            "no letter or digit",
        ),
    ],
)
def test_records_that_cannot_match_sensibly_are_rejected(tmp_path, record, message):
    with pytest.raises(IngestError, match=r"\[E301\].*line 1") as err:
        load_gazetteer(_write(tmp_path, [record]))
    assert message in str(err.value)


def test_by_country_keys_must_be_entity_ids(tmp_path):
    records = [
        {"id": "mexico", "name": "Mexico", "label": "GPE", "kind": "country"},
        {"id": "gn", "name": "Guardia Nacional", "label": "ORG", "kind": "armed_force"},
        {
            "id": "ng",
            "name": "National Guard",
            "label": "ORG",
            "kind": "armed_force",
            "by_country": {"mexcio": "gn"},
        },
    ]
    with pytest.raises(IngestError, match=r"\[E301\].*line 3.*'mexcio'"):
        load_gazetteer(_write(tmp_path, records))
    records[2]["by_country"] = {"mexico": "gn"}
    assert load_gazetteer(_write(tmp_path, records))["ng"].by_country == (("mexico", "gn"),)


def test_empty_gazetteer_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    for content in ("", "\n  \n"):
        path.write_text(content, encoding="utf-8")
        load_gazetteer.cache_clear()
        with pytest.raises(IngestError, match=r"\[E305\]") as err:
            load_gazetteer(str(path))
        assert str(path) in str(err.value)


def test_gazetteer_encoding_bom_and_folder(tmp_path):
    rec = {"id": "los-mendoza", "name": "Los Méndoza", "label": "ORG", "kind": "criminal_group"}
    line = json.dumps(rec, ensure_ascii=False)
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + line.encode("utf-8") + b"\n")
    assert load_gazetteer(str(bom)).lookup("Los Mendoza")[0].id == "los-mendoza"
    latin = tmp_path / "latin1.jsonl"
    other = json.dumps({**rec, "id": "x", "name": "X"})
    latin.write_bytes((other + "\n" + line + "\n").encode("latin-1"))
    with pytest.raises(IngestError, match=r"\[E301\].*line 2.*UTF-8") as err:
        load_gazetteer(str(latin))
    assert str(latin) in str(err.value)
    with pytest.raises(IngestError, match=r"\[E306\]"):
        load_gazetteer(str(tmp_path))


def test_country_and_lower_ok_fields_are_validated(tmp_path):
    mexico = {"id": "mexico", "name": "Mexico", "label": "GPE", "kind": "country"}
    city = {"id": "cdmx", "name": "Mexico City", "label": "GPE", "kind": "region"}
    for country, says in (("mexcio", "'mexcio'"), ("cdmx", "kind 'country'")):
        army = {"id": "a", "name": "A", "label": "ORG", "kind": "armed_force", "country": country}
        with pytest.raises(IngestError, match=r"\[E301\].*line 3") as err:
            load_gazetteer(_write(tmp_path, [mexico, city, army]))
        assert says in str(err.value)
    with pytest.raises(IngestError, match=r"\[E301\].*lower_ok"):
        load_gazetteer(_write(tmp_path, [{**mexico, "lower_ok": "yes"}]))
    army = {"id": "a", "name": "A", "label": "ORG", "kind": "armed_force", "country": "mexico"}
    gaz = load_gazetteer(_write(tmp_path, [mexico, city, army]))
    assert (gaz["a"].country, gaz["mexico"].country, gaz["cdmx"].country) == (
        "mexico",
        "mexico",
        None,
    )


def test_shipped_entities_carry_their_country():
    gaz = load_gazetteer()
    for eid, country in [
        ("texas", "united-states"),
        ("washington-dc", "united-states"),
        ("dea", "united-states"),
        ("eric-holder", "united-states"),
        ("sinaloa", "mexico"),
        ("mexican-army", "mexico"),
        ("bogota", "colombia"),
        ("colombian-senate", "colombia"),
        ("peten", "guatemala"),
    ]:
        assert gaz[eid].country == country, eid
    # a body that stands for others by country has one of its own, and each
    # alternative belongs to the country it is given for
    for ent in gaz:
        if ent.by_country:
            assert ent.country is not None, ent.id
        for country, target in ent.by_country:
            assert gaz[target].country == country, target


def test_lower_ok_acronyms_are_found_in_lower_case_but_others_are_not():
    gaz = load_gazetteer()
    assert gaz.lookup("dea")[0].id == "dea"
    assert gaz.lookup("cjng")[0].id == "cjng"
    assert gaz.lookup("us") is None and gaz.lookup("ice") is None and gaz.lookup("who") is None
