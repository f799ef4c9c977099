"""``matchstats validate``: check the published tables and write a validation report.

Runs every table's suite and every reconciliation on the current
``data/processed/`` and writes ``reports/validation.json`` and a self-contained
``reports/validation.html``: per table, expectations run and passed and, for each
failure, up to 10 offending rows.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from pipeline import ingest
from pipeline.store import publish
from pipeline.config import Paths
from pipeline.errors import MatchstatsError

HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>matchstats validation</title>
<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:auto;padding:1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}
.pass{color:#16631f}.fail{color:#b00020;font-weight:600}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style>
</head><body><h1>Validation of data/processed/</h1><p>Data version <code>{{ version }}</code>, checked {{ at }}.</p>
<table><tr><th>Table</th><th>Expectations passed</th><th>Result</th></tr>
{% for t in tables %}<tr><td><code>{{ t.table }}</code></td><td>{{ t.expectations_passed }} / {{ t.expectations_run }}</td>
<td class="{{ 'pass' if t.success else 'fail' }}">{{ 'pass' if t.success else 'FAIL' }}</td></tr>{% endfor %}
<tr><td>reconciliations</td><td>{{ reconciliations_run }} tables checked</td>
<td class="{{ 'pass' if not reconciliation_failures else 'fail' }}">{{ 'pass' if not reconciliation_failures else 'FAIL' }}</td></tr>
</table>
{% for f in failures %}<h3 class="fail">{{ f.table }}: {{ f.check }}</h3><p>{{ f.detail }}</p>
{% if f.examples %}<table><tr>{% for k in f.examples[0].keys() %}<th>{{ k }}</th>{% endfor %}</tr>
{% for ex in f.examples %}<tr>{% for v in ex.values() %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>{% endif %}
{% endfor %}</body></html>"""


def validate_published(paths: Paths, say=print) -> bool:
    from pipeline.validate import suites as validate
    from pipeline.store.tables import load_table

    version = publish.current_version(paths)
    if version is None:
        raise MatchstatsError("nothing is published yet", where=str(paths.processed),
                              todo="run `make pipeline` first")
    frames = {t: load_table(version, t, provenance=True) for t in ingest.available_tables()
              if (version / f"{t}.parquet").exists()}
    results = []
    for t, df in frames.items():
        v = validate.validate_frame(t, df)
        results.append(v)
        say(f"{t}: {v.passed}/{v.run} expectations passed" + ("" if v.success else " - FAILED"))
    rec_failures = []
    for t, df in frames.items():
        rec = getattr(ingest.module(t), "reconcile", None)
        if rec is not None:
            rec_failures += rec(df, {k: v for k, v in frames.items() if k != t})
    from pipeline.validate import discrepancies

    rec_failures, documented = discrepancies.triage(rec_failures)
    for f in documented:
        say(f"  documented source discrepancy: {f.table}: {f.detail}")
    say(f"reconciliations: {'all hold' if not rec_failures else f'{len(rec_failures)} failed'}"
        + (f" ({len(documented)} documented source discrepancies)" if documented else ""))
    for f in rec_failures:
        say("  - " + f.describe())
    doc = {
        "data_version": version.name, "checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "success": all(r.success for r in results) and not rec_failures,
        "tables": [r.to_dict() for r in results],
        "reconciliation_failures": [f.to_dict() for f in rec_failures],
        "documented_discrepancies": [f.to_dict() for f in documented],
    }
    publish.write_atomic(paths.reports / "validation.json", json.dumps(doc, indent=2, default=str) + "\n")
    import jinja2

    html = jinja2.Environment(autoescape=True).from_string(HTML).render(
        version=version.name, at=doc["checked_at"], tables=doc["tables"], reconciliations_run=len(frames),
        reconciliation_failures=rec_failures,
        failures=[f for r in results for f in r.failures] + rec_failures)
    publish.write_atomic(paths.reports / "validation.html", html)
    say(f"Wrote {paths.reports / 'validation.html'} and validation.json")
    return doc["success"]
