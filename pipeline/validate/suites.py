"""Run a table's Great Expectations suite (``expectations/<table>.json``).

Suites are reviewed JSON in the GX 1.x format (``name``, ``expectations`` with
``type``/``kwargs``/``meta``). A suite may declare ``meta.derived_columns``: named
pandas expressions evaluated on the table before validation, so that row-wise
arithmetic checks (e.g. the published rate agrees with matched/active) are
ordinary column expectations.

Great Expectations is imported here only, lazily: the CLI's quick commands never
pay for it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.config import EXPECTATIONS_DIR
from pipeline.errors import InputError
from pipeline.validate.failures import Failure

MAX_EXAMPLES = 10
PROVENANCE_PREFIX = "_source_"


@dataclass
class TableValidation:
    table: str
    run: int
    passed: int
    failures: list[Failure]

    @property
    def success(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        return {"table": self.table, "expectations_run": self.run, "expectations_passed": self.passed,
                "success": self.success, "failures": [f.to_dict() for f in self.failures]}

    @classmethod
    def from_dict(cls, d: dict) -> "TableValidation":
        return cls(d["table"], d["expectations_run"], d["expectations_passed"],
                   [Failure(f["table"], f["check"], f["detail"], f.get("examples") or []) for f in d["failures"]])


def suite_path(table: str) -> Path:
    return EXPECTATIONS_DIR / f"{table}.json"


def load_suite_json(table: str) -> dict:
    path = suite_path(table)
    if not path.exists():
        raise InputError(f"no expectation suite for table {table!r}", where=str(path),
                         todo="every published table needs a suite in expectations/<table>.json")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"the suite is not valid JSON ({exc})", where=str(path), todo="fix the JSON") from None
    if not isinstance(doc.get("expectations"), list) or not doc["expectations"]:
        raise InputError("the suite has no `expectations` list", where=str(path), todo="add expectations")
    return doc


_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        ctx = gx.get_context(mode="ephemeral")
        ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        _CONTEXT = ctx
    return _CONTEXT


def _numpy_frame(df: pd.DataFrame) -> pd.DataFrame:
    """GX's pandas engine does not handle pd.NA: give it numpy-backed columns."""
    out = {}
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.StringDtype) or s.dtype == object:
            out[col] = s.astype(object).where(s.notna(), None)
        elif pd.api.types.is_integer_dtype(s.dtype) or pd.api.types.is_float_dtype(s.dtype):
            out[col] = s.astype("float64") if s.isna().any() or pd.api.types.is_float_dtype(s.dtype) else s.astype("int64")
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[col] = s.astype(object).where(s.notna(), None)
        else:
            out[col] = s
    return pd.DataFrame(out, index=range(len(df)))


def _example_rows(df: pd.DataFrame, positions: list[int]) -> list[dict]:
    rows = []
    for i in positions[:MAX_EXAMPLES]:
        rec = df.iloc[int(i)].to_dict()
        rows.append({k.removeprefix(PROVENANCE_PREFIX) if k.startswith(PROVENANCE_PREFIX) else k:
                     (None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)) for k, v in rec.items()})
    return rows


def _describe(cfg) -> str:
    kw = {k: v for k, v in cfg.kwargs.items() if k not in ("result_format", "batch_id")}
    args = ", ".join(f"{k}={v}" for k, v in kw.items())
    return f"{cfg.type}({args})"


def validate_frame(table: str, df: pd.DataFrame) -> TableValidation:
    """Validate ``df`` against the suite of ``table``.

    ``df`` may carry provenance columns named ``_source_*`` (file, page, line); they
    are not validated but are shown with offending rows.
    """
    doc = load_suite_json(table)
    derived = (doc.get("meta") or {}).get("derived_columns") or {}
    frame = df.reset_index(drop=True)
    if derived:
        frame = frame.copy()
        for name, expr in derived.items():
            try:
                frame[name] = pd.to_numeric(frame.eval(expr), errors="coerce").astype("Float64")
            except Exception as exc:  # a bad expression is a bug in the suite
                raise InputError(f"derived column {name!r} = {expr!r} cannot be computed ({exc})",
                                 where=str(suite_path(table)), todo="fix the suite's meta.derived_columns") from None
    data_cols = [c for c in frame.columns if not c.startswith(PROVENANCE_PREFIX)]
    gx_frame = _numpy_frame(frame[data_cols])

    ctx = _context()
    from great_expectations.core import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = ExpectationSuite(name=f"{table}-{id(df)}")
    for e in doc["expectations"]:
        try:
            suite.add_expectation_configuration(
                ExpectationConfiguration(type=e["type"], kwargs=e.get("kwargs", {}), meta=e.get("meta")))
        except Exception as exc:
            raise InputError(f"expectation {e.get('type')!r} is not valid ({exc})", where=str(suite_path(table)),
                             todo="fix the suite (GX 1.x expectation names and kwargs)") from None
    name = f"t_{table}"
    try:
        ds = ctx.data_sources.get("matchstats")
    except Exception:
        ds = ctx.data_sources.add_pandas("matchstats")
    try:
        asset = ds.get_asset(name)
    except Exception:
        asset = ds.add_dataframe_asset(name)
    try:
        bd = asset.get_batch_definition("all")
    except Exception:
        bd = asset.add_batch_definition_whole_dataframe("all")
    batch = bd.get_batch(batch_parameters={"dataframe": gx_frame})
    # pass or fail first (about half the work of a full result); only a suite that fails is run again for
    # the offending rows and observed values that its messages name
    result = batch.validate(suite, result_format={"result_format": "BOOLEAN_ONLY"})
    if not all(res.success for res in result.results):
        result = batch.validate(suite, result_format={"result_format": "COMPLETE",
                                                      "unexpected_index_column_names": []})

    failures = []
    passed = 0
    for res in result.results:
        if res.success:
            passed += 1
            continue
        cfg = res.expectation_config
        r = res.result or {}
        if res.exception_info and any(v.get("raised_exception") for v in res.exception_info.values()
                                      if isinstance(v, dict)):
            msgs = {v.get("exception_message") for v in res.exception_info.values() if isinstance(v, dict)}
            detail = f"{_describe(cfg)} could not be evaluated: {'; '.join(m for m in msgs if m)}"
            failures.append(Failure(table, cfg.type, detail))
            continue
        idx = r.get("unexpected_index_list") or []
        if idx and isinstance(idx[0], dict):
            idx = [d.get("index") for d in idx if d.get("index") is not None]
        count = r.get("unexpected_count")
        if count is not None:
            detail = f"{_describe(cfg)}: {count} of {r.get('element_count', len(frame))} rows do not meet it"
        else:
            detail = f"{_describe(cfg)}: observed {r.get('observed_value')!r}"
        note = (cfg.meta or {}).get("notes") if cfg.meta else None
        if note:
            detail += f" ({note})"
        failures.append(Failure(table, cfg.type, detail, _example_rows(frame, list(idx))))
    return TableValidation(table, len(result.results), passed, failures)
