"""Reference data (参考数据): the shipped demo data loads and routes; a broken copy is
refused with the file, the entry and the problem in the message."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from shared.reference import (
    DEFAULT_DIRECTORY,
    ReferenceDataError,
    UnknownReferenceCode,
    load_reference,
)

SHIPPED = load_reference(DEFAULT_DIRECTORY)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def edit(directory: Path, file: str, old: str, new: str) -> None:
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(directory: Path, file: str, fragment: str) -> int:
    lines = (directory / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if fragment in line)


def refusal(directory: Path) -> str:
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(directory)
    return str(caught.value)


def test_shipped_departments_cover_the_administrative_and_judicial_organs() -> None:
    administrative = {d.code for d in SHIPPED.departments_by_kind["administrative"]}
    judicial = {d.code for d in SHIPPED.departments_by_kind["judicial"]}
    assert {"SCJG", "STHJ", "JTYS", "WSJK", "YJGL", "WHLY", "NYNC", "XZSP", "SF"} <= administrative
    assert judicial == {"GA", "JCY"}
    assert SHIPPED.department("JCY").name == "青岛市人民检察院"
    assert SHIPPED.region(SHIPPED.department("SCJG").region).name == "青岛市"


def test_shipped_regions_hang_under_qingdao_and_shandong() -> None:
    pingdu = SHIPPED.region("370283")
    assert pingdu.name == "平度市"
    assert SHIPPED.region(pingdu.parent).parent == "370000"


def test_every_shipped_matter_routes_to_a_department() -> None:
    assert 20 <= len(SHIPPED.matters) <= 40
    for matter in SHIPPED.matters.values():
        assert SHIPPED.route(matter.category, "370202") in SHIPPED.departments
        assert SHIPPED.is_key_area(matter.category) is matter.key_area
    assert SHIPPED.matter("SCJG-009").name == "特种设备使用单位监督检查"


def test_key_areas_include_food_drugs_vaccines_and_special_equipment() -> None:
    for category in (
        "food_safety",
        "drugs",
        "vaccines",
        "special_equipment",
        "hazardous_chemicals",
        "production_safety",
    ):
        assert SHIPPED.is_key_area(category)
    assert not SHIPPED.is_key_area("advertising")


def test_routing_prefers_the_region_line_and_falls_back_to_the_default() -> None:
    assert SHIPPED.route("consumer_rights", "370211") == "SCJG-370211"
    assert SHIPPED.route("consumer_rights", "370283") == "SCJG-370283"
    assert SHIPPED.route("consumer_rights", "370202") == "SCJG"
    assert SHIPPED.route("consumer_rights", "110101") == "SCJG"  # outside the demo city
    assert SHIPPED.route("hazardous_chemicals", "370283") == "YJGL"
    assert "consumer_rights" in SHIPPED.categories


def test_a_line_for_a_city_also_routes_its_districts(copy: Path) -> None:
    default_line = "  - {category: pollution, name: 生态环境保护, department: STHJ}"
    city_line = '  - {category: pollution, name: 市级, department: YJGL, regions: ["370200"]}'
    edit(copy, "responsibility.yaml", default_line, f"{default_line}\n{city_line}")
    reference = load_reference(copy)
    assert reference.route("pollution", "370212") == "YJGL"
    assert reference.route("pollution", "370000") == "STHJ"


def test_unknown_codes_are_named_in_the_lookup_error() -> None:
    with pytest.raises(UnknownReferenceCode, match='category "space" is not in'):
        SHIPPED.route("space", "370202")
    with pytest.raises(UnknownReferenceCode, match=r'department "XYZ" is not in departments\.yaml'):
        SHIPPED.department("XYZ")
    with pytest.raises(UnknownReferenceCode, match='matter "NOPE-1"'):
        SHIPPED.matter("NOPE-1")


def test_the_loaded_data_cannot_be_changed_in_place() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SHIPPED.matters = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        SHIPPED.departments["XYZ"] = SHIPPED.department("SCJG")  # type: ignore[index]


def test_the_version_names_each_file_and_follows_a_bump(copy: Path) -> None:
    assert "matters=2026.1" in SHIPPED.version
    edit(copy, "matters.yaml", 'version: "2026.1"', 'version: "2026.2"')
    assert "matters=2026.2" in load_reference(copy).version


def test_a_matter_of_an_unknown_department_names_file_line_entry_and_problem(copy: Path) -> None:
    edit(copy, "matters.yaml", "department: XZSP", "department: XYZ")
    line = line_of(copy, "matters.yaml", "code: XZSP-001")
    assert refusal(copy) == (
        f'{copy / "matters.yaml"}:{line}: entry 17 (code "XZSP-001"): '
        'department "XYZ" is not in departments.yaml'
    )


BREAKAGES = [
    (
        "matters.yaml",
        "category: pricing",
        "category: space_tourism",
        [
            "matters.yaml",
            'entry 13 (code "SCJG-013")',
            'category "space_tourism" is not in responsibility.yaml',
        ],
    ),
    (
        "matters.yaml",
        "第七十条\n    key_area: false",
        "第七十条\n    key_area: true",
        ['entry 8 (code "SCJG-008")', "key_area must be false"],
    ),
    (
        "matters.yaml",
        "code: SCJG-002",
        "code: SCJG-001",
        ['entry 2 (code "SCJG-001")', 'duplicate code; "SCJG-001" is already entry 1'],
    ),
    (
        "matters.yaml",
        "legal_basis: 《中华人民共和国价格法》",
        "legal_basls: 《价格法》",
        [
            'entry 13 (code "SCJG-013")',
            "legal_basis: Field required",
            "legal_basls: Extra inputs are not permitted",
        ],
    ),
    (
        "departments.yaml",
        'code: STHJ, name: 青岛市生态环境局, region: "370200"',
        'code: STHJ, name: 青岛市生态环境局, region: "370299"',
        ["departments.yaml", 'entry 2 (code "STHJ")', 'region "370299" is not in regions.yaml'],
    ),
    (
        "departments.yaml",
        'code: GA, name: 青岛市公安局, region: "370200", kind: judicial',
        'code: GA, name: 青岛市公安局, region: "370200", kind: police',
        ['entry 10 (code "GA")', "kind: Input should be 'administrative' or 'judicial'"],
    ),
    (
        "regions.yaml",
        'name: 崂山区, parent: "370200"',
        'name: 崂山区, parent: "370100"',
        ["regions.yaml", 'entry 6 (code "370212")', 'parent "370100" is not in regions.yaml'],
    ),
    (
        "regions.yaml",
        '{code: "370213"',
        '{code: "37021"',
        ['entry 7 (code "37021")', "'37021' is not a 6-digit 行政区划码"],
    ),
    (
        "responsibility.yaml",
        "department: WHLY}",
        "department: WHJ}",
        [
            "responsibility.yaml",
            'entry 19 (category "culture_market")',
            'department "WHJ" is not in departments.yaml',
        ],
    ),
    (
        "responsibility.yaml",
        'name: 价格行为（平度市）, department: SCJG-370283, regions: ["370283"]}',
        "name: 价格行为, department: SCJG}",
        [
            'entry 13 (category "pricing")',
            'category "pricing" is already routed for all regions (no regions list) by entry 7',
        ],
    ),
    (
        "responsibility.yaml",
        "{category: tourism, name: 旅游市场, department: WHLY}",
        '{category: tourism, name: 旅游市场, department: WHLY, regions: ["370202"]}',
        ['entry 20 (category "tourism")', 'category "tourism" has no entry without regions'],
    ),
    (
        "key_areas.yaml",
        "{code: vaccines, name: 疫苗}",
        "{code: fireworks, name: 烟花爆竹}",
        [
            "key_areas.yaml",
            'entry 1 (code "fireworks")',
            '"fireworks" is not a category in responsibility.yaml',
        ],
    ),
]


BREAKAGE_IDS = [
    "matter-category-unrouted",
    "matter-key-area-flag",
    "matter-code-duplicate",
    "matter-field-typo",
    "department-region-unknown",
    "department-kind-unknown",
    "region-parent-unknown",
    "region-code-not-6-digits",
    "responsibility-department-unknown",
    "responsibility-routed-twice",
    "responsibility-no-default",
    "key-area-not-a-category",
]


@pytest.mark.parametrize(("file", "old", "new", "fragments"), BREAKAGES, ids=BREAKAGE_IDS)
def test_a_broken_entry_is_refused_with_file_entry_and_problem(
    copy: Path, file: str, old: str, new: str, fragments: list[str]
) -> None:
    edit(copy, file, old, new)
    message = refusal(copy)
    assert message.startswith(str(copy / file) + ":")
    for fragment in fragments:
        assert fragment in message


def test_a_missing_header_field_names_the_file_and_the_field(copy: Path) -> None:
    edit(copy, "key_areas.yaml", "effective_from: 2026-01-01\n", "")
    assert refusal(copy) == f"{copy / 'key_areas.yaml'}: effective_from: Field required"


def test_a_yaml_syntax_error_names_the_line(copy: Path) -> None:
    edit(
        copy,
        "regions.yaml",
        '{code: "370202", name: 市南区, parent: "370200"}',
        '{code: "370202", name: 市南区, parent: "370200"',
    )
    broken = line_of(copy, "regions.yaml", '"370202"')
    message = refusal(copy)
    assert message.startswith(f"{copy / 'regions.yaml'}:{broken + 1}: not valid YAML")
    assert f"flow mapping on line {broken}" in message


def test_a_missing_file_is_named(copy: Path) -> None:
    (copy / "responsibility.yaml").unlink()
    assert refusal(copy) == f"{copy / 'responsibility.yaml'}: file not found"
