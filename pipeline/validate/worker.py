"""Validation in a second process, so that it runs beside the PDF parsing.

Importing Great Expectations takes seconds of pure-Python work; in a thread it
competes with the parsers for the interpreter lock, in a separate process it uses
the machine's second core. The runner starts the worker when a run has tables to
build, hands it each table as soon as it is built (a pickle in the new version's
private ``.validate/`` folder) and collects the results at the end.

Protocol (JSON lines): request ``{"table": ..., "frame": path}``; reply
``{"table": ..., "result": TableValidation.to_dict()}`` or ``{"table": ..., "error": message}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.validate import children
from pipeline.config import PROJECT_DIR
from pipeline.errors import MatchstatsError


class ValidationWorker:
    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.pending: list[str] = []
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR),
                                                                          os.environ.get("PYTHONPATH")]))}
        # ends with the run, even one killed with SIGKILL (pipeline.validate.children); and when its stdin closes
        self.proc = children.popen([sys.executable, "-m", "pipeline.validate.worker"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def submit(self, table: str, df: pd.DataFrame) -> None:
        self.scratch.mkdir(parents=True, exist_ok=True)
        frame = self.scratch / f"{table}.pkl"
        df.to_pickle(frame)
        self._send({"table": table, "frame": str(frame)})
        self.pending.append(table)

    def _send(self, msg: dict) -> None:
        try:
            self.proc.stdin.write(json.dumps(msg) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self._died()

    def _died(self):
        err = self.proc.stderr.read() if self.proc.stderr else ""
        raise MatchstatsError("the validation worker stopped unexpectedly: " + (err.strip().splitlines() or ["?"])[-1],
                              todo="run `matchstats validate` to see the error in full; reinstall with `make test` "
                                   "if Great Expectations is missing")

    def results(self):
        from pipeline.validate.suites import TableValidation

        out = []
        for _ in list(self.pending):
            line = self.proc.stdout.readline()
            if not line:
                self._died()
            msg = json.loads(line)
            if "error" in msg:
                raise MatchstatsError(msg["error"], where=f"validation of {msg['table']}",
                                      todo="fix the expectation suite or the table")
            out.append(TableValidation.from_dict(msg["result"]))
            self.pending.remove(msg["table"])
        return out

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except Exception:
                self.proc.kill()
                self.proc.wait()


def main() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from pipeline.config import skip_slow_optional_imports

    skip_slow_optional_imports()
    from pipeline.validate import suites as validate
    from pipeline.errors import MatchstatsError as _Err

    validate._context()  # import Great Expectations now, while the parent parses
    for line in sys.stdin:
        req = json.loads(line)
        try:
            df = pd.read_pickle(req["frame"])
            res = validate.validate_frame(req["table"], df).to_dict()
            reply = {"table": req["table"], "result": res}
        except _Err as exc:
            reply = {"table": req["table"], "error": exc.message}
        sys.stdout.write(json.dumps(reply, default=str) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
