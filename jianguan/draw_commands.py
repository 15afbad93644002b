"""inspection-draw's commands (双随机抽查): re-run a published draw from its proof bundle.

``jianguan draw verify BUNDLE`` needs nothing but the bundle file (``GET
/v1/draws/{id}/proof``): it recomputes roster hash, nonce hash, seed, sample and
inspector assignment and prints "identical" or the first difference (exit 1), or names
the field of a bundle that does not parse (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group("draw")
def draw() -> None:
    """双随机抽查: verify published draws."""


@draw.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(bundle: Path) -> None:
    """Re-run the draw in BUNDLE and say whether it is identical."""
    from services.inspection_draw.domain.proof import BundleError, ProofBundle
    from services.inspection_draw.domain.proof import verify as run

    try:
        verdict = run(ProofBundle.from_json(bundle.read_bytes()))
    except BundleError as exc:
        click.echo(f"bundle does not parse: {exc}", err=True)
        sys.exit(2)
    if verdict.identical:
        click.echo("identical")
        return
    click.echo(f"different: {verdict.first_difference}")
    sys.exit(1)
