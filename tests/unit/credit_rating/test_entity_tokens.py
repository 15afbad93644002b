"""A market entity's own token (issue 16.7): bound to its USCC, role entity, the reserved
department code ENTITY; issued by the dev issuer and the CLI, accepted only where a
service says so, and never mixed with a department's token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from click.testing import CliRunner

from jianguan.cli import main
from shared.settings import ServiceSettings
from shared.tokens import (
    ENTITY_DEPT,
    EntityTokenRefused,
    TokenIssuer,
    TokenRejected,
    TokenVerifier,
    UnknownDepartment,
)
from shared.uscc import generate_many

OWN, OTHER = generate_many(2, seed=167)
SETTINGS = ServiceSettings()
ISSUER = TokenIssuer.from_settings(SETTINGS)


def verifier(*, accept_entities: bool) -> TokenVerifier:
    return TokenVerifier(secret=SETTINGS.jwt_secret, issuer=SETTINGS.jwt_issuer,
                         departments={"SCJG", "XZSP"}, accept_entities=accept_entities)


def signed(**claims: object) -> str:
    now = datetime.now(UTC)
    return jwt.encode({"sub": "x", "region": "370200", "iss": SETTINGS.jwt_issuer,
                       "iat": int(now.timestamp()),
                       "exp": int((now + timedelta(hours=1)).timestamp()), **claims},
                      SETTINGS.jwt_secret, algorithm="HS256")


async def test_an_entity_token_names_its_uscc_and_nothing_else() -> None:
    caller = await verifier(accept_entities=True).verify(ISSUER.issue(ENTITY_DEPT, uscc=OWN))
    assert (caller.uscc, caller.dept, caller.roles, caller.is_entity) == (
        OWN, ENTITY_DEPT, frozenset({"entity"}), True)
    department = await verifier(accept_entities=True).verify(ISSUER.issue("SCJG", ["officer"]))
    assert (department.uscc, department.is_entity) == (None, False)


async def test_a_service_that_takes_no_entity_tokens_refuses_them() -> None:
    with pytest.raises(EntityTokenRefused) as refused:
        await verifier(accept_entities=False).verify(ISSUER.issue(ENTITY_DEPT, uscc=OWN))
    assert isinstance(refused.value, UnknownDepartment)  # answered 403 by the HTTP edge


async def test_the_department_check_still_holds_for_departments() -> None:
    with pytest.raises(UnknownDepartment):
        await verifier(accept_entities=True).verify(ISSUER.issue("QTBM", ["officer"]))


@pytest.mark.parametrize(("claims", "words"), [
    ({"dept": "SCJG", "roles": ["entity"], "uscc": OWN}, "department ENTITY"),
    ({"dept": ENTITY_DEPT, "roles": ["entity", "officer"], "uscc": OWN}, "one role"),
    ({"dept": ENTITY_DEPT, "roles": ["entity"], "uscc": OWN[:-1] + "0"}, "not a valid"),
    ({"dept": ENTITY_DEPT, "roles": ["entity"], "uscc": 91370}, "统一社会信用代码"),
    ({"dept": ENTITY_DEPT, "roles": ["entity"]}, "names its 'uscc'"),
    ({"dept": "SCJG", "roles": ["officer", "entity"]}, "names its 'uscc'"),
    ({"dept": ENTITY_DEPT, "roles": ["officer"]}, "names its 'uscc'"),
])
async def test_a_token_mixing_an_entity_and_a_department_is_rejected(claims, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TokenRejected) as rejected:
        await verifier(accept_entities=True).verify(signed(**claims))
    assert words in rejected.value.description


@pytest.mark.parametrize(("dept", "roles", "uscc"), [
    ("SCJG", (), OWN), (ENTITY_DEPT, ("officer",), OWN), (ENTITY_DEPT, (), "91370200X"),
    (ENTITY_DEPT, (), None), ("SCJG", ("entity",), None),
])
def test_the_issuer_refuses_a_mixed_token(dept, roles, uscc) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        ISSUER.issue(dept, roles, uscc=uscc)


def test_jianguan_token_issue_makes_an_entity_token() -> None:
    runner = CliRunner()
    issued = runner.invoke(main, ["token", "issue", "--uscc", OWN])
    assert issued.exit_code == 0, issued.output
    claims = jwt.decode(issued.output.strip(), options={"verify_signature": False})
    assert (claims["uscc"], claims["dept"], claims["roles"]) == (OWN, ENTITY_DEPT, ["entity"])
    for wrong in (["--uscc", OWN, "--dept", "SCJG"], ["--uscc", OWN, "--roles", "officer"],
                  ["--uscc", "91370200X"], []):
        refused = runner.invoke(main, ["token", "issue", *wrong])
        assert refused.exit_code == 2, (wrong, refused.output)
    department = runner.invoke(main, ["token", "issue", "--dept", "SCJG"])
    assert jwt.decode(department.output.strip(), options={"verify_signature": False})[
        "roles"] == ["officer"]
