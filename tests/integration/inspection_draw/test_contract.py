"""inspection-draw's OpenAPI says what it does: the role each write needs, the errors each
route gives, the proof bundle's schema, and which routes are public."""

from __future__ import annotations

from typing import Any

import pytest

from services.inspection_draw.app import create_app
from services.inspection_draw.bootstrap import build
from services.inspection_draw.bundle_schema import ProofBundleDocument
from services.inspection_draw.config import Settings
from tests.clock import service_clock
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    SCJG,
    inspectors,
    mirror_objects,
    published_task,
)

PROBLEM = "application/problem+json"
WRITES = {  # operation → the role it needs
    ("put", "/v1/matters/{code}"): "officer",
    ("post", "/v1/inspectors"): "officer",
    ("post", "/v1/inspectors/{inspector_id}/conflicts"): "officer",
    ("post", "/v1/plans"): "officer",
    ("post", "/v1/plans/{plan_id}/tasks"): "officer",
    ("post", "/v1/plans/{plan_id}:publish"): "officer",
    ("post", "/v1/tasks/{task_id}/commitment"): "officer",
    ("post", "/v1/tasks/{task_id}/draw"): "officer",
    ("post", "/v1/visits/{visit_id}/results"): "officer",
    ("post", "/v1/plans/{plan_id}:file"): "reviewer",
    ("post", "/v1/tasks/{task_id}/redraws"): "officer",
    ("post", "/v1/redraws/{redraw_id}:approve"): "reviewer",
    ("post", "/v1/redraws/{redraw_id}:refuse"): "reviewer",
}
PUBLIC = {("post", "/v1/draws:verify"), ("get", "/v1/tasks/{task_id}/commitment"),
          ("get", "/v1/plans"), ("get", "/v1/visits/{visit_id}/results")}
OPTIONAL_TOKEN = {("get", "/v1/draws/{draw_id}/proof"), ("get", "/v1/tasks/{task_id}/draws")}
"""Public, but a token of the plan's department sees the list before the window opens."""


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    settings = Settings(database_url="sqlite+aiosqlite:///:memory:")
    return create_app(context=build(settings, clock=service_clock())).openapi()


def _operations(document: dict[str, Any]):  # type: ignore[no-untyped-def]
    for path, item in document["paths"].items():
        if path.startswith("/v1/"):
            for method, operation in item.items():
                yield (method, path), operation


def test_every_write_names_its_role_and_every_read_of_an_id_its_404(document) -> None:  # type: ignore[no-untyped-def]
    seen = dict(_operations(document))
    for key, role in WRITES.items():
        assert seen[key]["x-required-role"] == role, key
        assert {"401", "403", "422"} <= set(seen[key]["responses"]), key
    for key, operation in seen.items():
        if key not in WRITES:
            assert "x-required-role" not in operation, key
        if "{" in key[1] and key != ("put", "/v1/matters/{code}"):
            assert "404" in operation["responses"], key
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert list(response["content"]) == [PROBLEM], (key, status)


def test_the_proof_and_its_verification_are_public_and_the_bundle_has_a_schema(document) -> None:  # type: ignore[no-untyped-def]
    seen = dict(_operations(document))
    for key, operation in seen.items():
        assert (operation.get("security") == []) == (key in PUBLIC), key
        assert ({} in operation.get("security", [None])) == (key in PUBLIC | OPTIONAL_TOKEN) \
            or key in PUBLIC, key
    proof = seen[("get", "/v1/draws/{draw_id}/proof")]
    bundle_ref = "#/components/schemas/ProofBundleDocument"
    assert proof["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": bundle_ref}
    assert "404" in proof["responses"]
    schema = document["components"]["schemas"]["ProofBundleDocument"]
    assert {"commitment", "nonce", "roster", "rules", "result", "assignment"} <= set(
        schema["required"])
    verify = seen[("post", "/v1/draws:verify")]
    assert verify["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": bundle_ref}
    assert {"413", "422"} <= set(verify["responses"])


async def test_a_served_bundle_is_exactly_what_its_schema_says(client) -> None:  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["B"] * 4 + ["D"] * 4)
    region = (await client.get(f"/v1/objects/{usccs[0]}", headers=SCJG)).json()["region"]
    people = await inspectors(client, "SCJG", [ORDINARY_SCJG], 3)
    task_id = await published_task(client, [ORDINARY_SCJG], region, ratio="1")
    declared = await client.post(f"/v1/inspectors/{people[0]}/conflicts", headers=SCJG,
                                 json={"uscc": usccs[4], "reason": "亲属"})
    assert declared.status_code == 204
    drawn = (await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json()
    answer = await client.get(f"/v1/draws/{drawn['draw_id']}/proof")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    bundle = answer.json()
    assert bundle["conflicts"] and bundle["assignment"]["exclusions"]
    assert ProofBundleDocument.model_validate(bundle).model_dump(mode="json") == bundle
