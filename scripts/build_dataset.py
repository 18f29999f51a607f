"""Rebuild aimaq's embedded official dataset from the shared folder of BNS tables.

Usage::

    .venv/bin/python scripts/build_dataset.py [--shared ../shared/data/kz] [--check]

Reads the tidy tables and raw publications in ``--shared`` (default ``../shared/data/kz``
beside the checkout), maps every row to a 9-digit KATO code, an indicator id of the
catalogue, a period string and canonical dims, and writes one gzip-compressed CSV per
source to ``src/aimaq/data/datasets/kz/`` plus ``sources.csv``. The readers live in
``scripts/dataset_sources/``, one module per kind of source; ``sources.py`` lists them. The output is
deterministic (sorted rows, gzip without a timestamp), so a rebuild from the same inputs
gives byte-identical files. ``--check`` rebuilds in memory and fails if the committed
files differ.

Border rules (see docs/data.md): rows of former South Kazakhstan (``kato2`` 51, or 61
before 2018) go to ``510000000``; Shymkent rows before 2018 stay on ``790000000`` (the
city, then inside South Kazakhstan); values of 19, 35, 63 before 2022 stay on those codes
(old borders; the territory_change table records the splits).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

from dataset_sources.common import COLUMNS, OUT, ROOT, named_region, region_kato  # noqa: E402
from dataset_sources.sources import sources  # noqa: E402

from aimaq.data.catalogue import Catalogue, load_catalogue  # noqa: E402

__all__ = ["build", "main", "named_region", "region_kato"]


# -- build -------------------------------------------------------------------------------
def _gzip_csv(frame: pd.DataFrame) -> bytes:
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as fh:
        fh.write(text.encode("utf-8"))
    return buffer.getvalue()


def _check(frame: pd.DataFrame, source_id: str, catalogue: Catalogue) -> None:
    for indicator_id, part in frame.groupby("indicator_id"):
        entry = catalogue.get(str(indicator_id))
        if entry.is_derived:
            raise ValueError(
                f"{source_id}: {indicator_id} is derived; it is computed, not embedded"
            )
        for dims in part["dims"].unique():
            extra = set(json.loads(dims)) - set(entry.dims)
            if extra:
                raise ValueError(f"{source_id}: {indicator_id} has undeclared dims {sorted(extra)}")
    key = ["kato", "indicator_id", "period", "dims"]
    dup = frame[frame.duplicated(key, keep=False)]
    if len(dup):
        raise ValueError(f"{source_id}: duplicate observations:\n{dup.head(6)}")
    if frame["value"].isna().any():
        raise ValueError(f"{source_id}: missing values")


def build(shared: Path) -> dict[str, bytes]:
    """Every output file name and its bytes."""
    files: dict[str, bytes] = {}
    meta = []
    catalogue = load_catalogue()
    for source in sources():
        frame = source.read(shared)
        frame["source_id"] = source.source_id
        frame = frame.sort_values(["indicator_id", "kato", "period", "dims"]).reset_index(drop=True)
        _check(frame, source.source_id, catalogue)
        basis = ["border_basis"] if "border_basis" in frame.columns else []
        files[f"{source.source_id}.csv.gz"] = _gzip_csv(frame[COLUMNS + basis])
        meta.append(
            {
                "source_id": source.source_id,
                "publisher": source.publisher,
                "title": source.title,
                "original_file": source.original_file,
                "url": source.url,
                "licence": source.licence,
                "rows": len(frame),
            }
        )
        print(f"{source.source_id:32s} {len(frame):6d} rows", file=sys.stderr)
    files["sources.csv"] = (
        pd.DataFrame(meta).to_csv(index=False, lineterminator="\n").encode("utf-8")
    )
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "kz")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the committed files differ")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: no shared data folder at {args.shared}", file=sys.stderr)
        return 2
    files = build(args.shared)
    if args.check:
        stale = [
            n
            for n, b in files.items()
            if not (args.out / n).is_file() or (args.out / n).read_bytes() != b
        ]
        extra = sorted(
            p.name
            for p in args.out.glob("*")
            if p.name not in files and p.suffix in {".gz", ".csv"}
        )
        for name in stale + extra:
            print(f"differs: {name}", file=sys.stderr)
        return 1 if stale or extra else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.csv.gz"):
        if old.name not in files:
            old.unlink()
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    print(f"wrote {len(files)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
