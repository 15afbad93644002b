"""The proof bundle's schema as the OpenAPI document shows it (``ProofBundleDocument``);
``docs/draw-spec.md`` §11 is the JSON Schema a verifier checks against."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.schemas import StratumOut


class MatterRefOut(BaseModel):
    code: str
    department: str


class ParametersOut(BaseModel):
    task_id: str
    matters: list[MatterRefOut]
    year: int
    key_area: bool
    ratio: str | None = Field(description="exact decimal sample ratio, or null")
    size: int | None = Field(description="total sample size, or null")
    strata_rule: str


class BeaconOut(BaseModel):
    source: str = Field(examples=["drand:quicknet"])
    scheme: str = Field(examples=["bls-unchained-g1-rfc9380"])
    chain_hash: str
    public_key: str
    genesis_time: int
    period_seconds: int
    round: int


class RedrawDocument(BaseModel):
    replaces_commitment: str
    replaces_draw: str | None
    reason: str


class CommitmentDocument(BaseModel):
    """The commitment published before the draw (its SHA-256 is ``commitment_hash``)."""

    algorithm_version: str
    beacon: BeaconOut | None
    committed_at: str
    inspector_pool_hash: str
    nonce_hash: str
    parameters: ParametersOut
    redraw: RedrawDocument | None
    roster_hash: str
    rule_version: str
    rules_hash: str
    sequence: int


class DrawDocument(BaseModel):
    draw_id: str
    task_id: str
    sequence: int
    replaces: str | None
    reason: str | None


class BundleInspector(BaseModel):
    inspector_id: str
    department: str
    certificate: str | None
    matters: list[str]
    active: bool


class BundleConflict(BaseModel):
    inspector_id: str
    uscc: str
    declaration_hash: str = Field(description="SHA-256 of the salted declaration; the "
                                  "reason is never published")


class ExcludedObject(BaseModel):
    uscc: str
    reason: str


class ResultDocument(BaseModel):
    selected: list[str] = Field(description="the drawn objects' USCCs, in order")
    strata: list[StratumOut]
    excluded: list[ExcludedObject]
    seed_hex: str


class TeamOut(BaseModel):
    uscc: str
    inspectors: list[str]


class InspectorExclusionOut(BaseModel):
    uscc: str
    inspector_id: str
    reason: str


class AssignmentDocument(BaseModel):
    teams: list[TeamOut]
    exclusions: list[InspectorExclusionOut]


class ProofBundleDocument(BaseModel):
    """The proof bundle (抽查证明包): everything anyone needs to re-run a draw, with
    ``jianguan draw verify`` or ``POST /v1/draws:verify``."""

    format: str = Field(examples=["jianguan-draw-proof/2"])
    draw: DrawDocument
    commitment: CommitmentDocument
    commitment_hash: str
    nonce: str = Field(description="the nonce revealed by the draw (64 hex digits)")
    beacon_value: str | None
    roster: list[str] = Field(description="the roster snapshot, canonical lines in USCC order")
    rules: DrawRuleFile
    inspectors: list[BundleInspector]
    conflicts: list[BundleConflict]
    result: ResultDocument
    assignment: AssignmentDocument | None
