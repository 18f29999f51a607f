"""Running HiGHS under a wall-clock limit that aimaq enforces itself.

HiGHS's own ``time_limit`` is checked only at certain points of its algorithms (a MIP
that is still in its root LP can run far past it), so every solve runs in a child
process: the parent waits at most ``time_limit`` plus a short grace period and then
kills the child. The model crosses the process boundary as plain arrays.

This module imports only numpy and highspy so the child process starts quickly.

HiGHS writes its banner and log from C code straight onto file descriptor 1, past
Python's ``sys.stdout``: the child points its descriptor 1 at standard error, keeps
HiGHS's console output off and, when the ``aimaq.solver`` logger is enabled for INFO,
has HiGHS write its log to a file that the parent passes on through that logger. Standard
output thus only ever holds what the command prints (a JSON or CSV document).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

# HiGHS returns this value for an infinite bound.
INF = float("inf")
_GRACE_S = 2.0
#: The solver's own log goes through this logger (``aimaq --verbose`` shows it on stderr).
SOLVER_LOG = logging.getLogger("aimaq.solver")


@dataclass(frozen=True)
class LinearModel:
    """A linear (or mixed-integer) model in column-wise sparse form.

    Rows are ``row_lower <= A x <= row_upper``; columns ``col_lower <= x <= col_upper``.
    ``integer`` marks the columns that must take integer values.
    """

    cost: NDArray[np.float64]
    col_lower: NDArray[np.float64]
    col_upper: NDArray[np.float64]
    row_lower: NDArray[np.float64]
    row_upper: NDArray[np.float64]
    a_start: NDArray[np.int64]
    a_index: NDArray[np.int64]
    a_value: NDArray[np.float64]
    integer: NDArray[np.bool_]
    maximise: bool = True

    @property
    def num_col(self) -> int:
        return int(self.cost.size)

    @property
    def num_row(self) -> int:
        return int(self.row_lower.size)


@dataclass(frozen=True)
class SolveOutcome:
    """What one HiGHS call returned.

    ``status`` is one of ``optimal``, ``infeasible``, ``unbounded``, ``time_limit``,
    ``killed`` (aimaq's own limit stopped the child), ``error``.
    ``bound`` is the best proven bound on the objective (the dual bound for a MIP, the
    objective itself for an LP solved to optimality); ``x`` is empty when no solution exists.
    """

    status: str
    objective: float
    bound: float
    x: NDArray[np.float64]
    seconds: float
    highs_status: str = ""
    info: dict[str, float] = field(default_factory=dict)
    row_dual: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    log: str = ""


_STATUS = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "infeasible",
    "kTimeLimit": "time_limit",
    "kIterationLimit": "time_limit",
    "kSolutionLimit": "time_limit",
    "kInterrupt": "time_limit",
    "kHighsInterrupt": "time_limit",
    "kObjectiveBound": "optimal",
    "kObjectiveTarget": "optimal",
}


def _solve_in_process(
    model: LinearModel, options: dict[str, Any], *, log_file: str | None = None
) -> SolveOutcome:
    """Build and solve ``model`` with highspy in this process (its log to ``log_file``)."""
    import highspy

    started = time.perf_counter()
    lp = highspy.HighsLp()
    lp.num_col_ = model.num_col
    lp.num_row_ = model.num_row
    lp.col_cost_ = model.cost
    lp.col_lower_ = model.col_lower
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = model.a_start.astype(np.int32)
    lp.a_matrix_.index_ = model.a_index.astype(np.int32)
    lp.a_matrix_.value_ = model.a_value
    lp.sense_ = highspy.ObjSense.kMaximize if model.maximise else highspy.ObjSense.kMinimize
    is_mip = bool(model.integer.any())
    if is_mip:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in model.integer
        ]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    for key, value in options.items():
        h.setOptionValue(key, value)
    if log_file is not None:
        h.setOptionValue("log_file", log_file)
        h.setOptionValue("output_flag", True)
    h.passModel(lp)
    h.run()
    raw = h.modelStatusToString(h.getModelStatus())
    status_name = h.getModelStatus().name
    status = _STATUS.get(status_name, "error")
    info = h.getInfo()
    has_solution = int(info.primal_solution_status) == 2  # kSolutionStatusFeasible
    solution = h.getSolution()
    x = np.asarray(solution.col_value, dtype=float) if has_solution else np.empty(0)
    dual_ok = not is_mip and int(info.dual_solution_status) == 2
    row_dual = np.asarray(solution.row_dual, dtype=float) if dual_ok else np.empty(0)
    objective = float(info.objective_function_value) if has_solution else float("nan")
    if is_mip:
        bound = float(info.mip_dual_bound)
    elif status == "optimal":
        bound = objective
    else:
        bound = float("nan")
    extra = {"mip_gap": float(info.mip_gap) if is_mip else 0.0}
    return SolveOutcome(
        status=status,
        objective=objective,
        bound=bound,
        x=x,
        seconds=time.perf_counter() - started,
        highs_status=raw,
        info=extra,
        row_dual=row_dual,
        log=_read_log(log_file),
    )


def _read_log(path: str | None) -> str:
    if path is None:
        return ""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except FileNotFoundError:
        return ""


def _child(conn: Any, model: LinearModel, options: dict[str, Any], log: bool) -> None:
    # whatever the C library prints lands on stderr, never in the command's output
    os.dup2(2, 1)
    log_file = None
    if log:
        handle, log_file = tempfile.mkstemp(prefix="aimaq-highs-", suffix=".log")
        os.close(handle)
    try:
        conn.send(_solve_in_process(model, options, log_file=log_file))
    except Exception as exc:  # the parent turns this into an error outcome
        conn.send(exc)
    finally:
        conn.close()
        if log_file is not None:
            os.unlink(log_file)


_CONTEXT: Any = None


def _context() -> Any:
    """A forkserver context: after the first solve a child starts in milliseconds."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["numpy", "highspy", "aimaq.planning.highs_run"])
        _CONTEXT = ctx
    return _CONTEXT


def run_highs(
    model: LinearModel,
    *,
    time_limit: float,
    options: dict[str, Any] | None = None,
    on_wait: Callable[[float], None] | None = None,
) -> SolveOutcome:
    """Solve ``model`` with HiGHS in a child process that is killed at ``time_limit``.

    Parameters
    ----------
    model : LinearModel
        The model; columns flagged in ``model.integer`` make it a MIP.
    time_limit : float
        Wall-clock seconds, after which the child is killed and the outcome is
        ``killed``. HiGHS itself is told to stop up to two seconds earlier.
    options : dict, optional
        Further HiGHS options (``solver``, ``run_crossover``, ``mip_rel_gap`` ...).
    on_wait : callable, optional
        Called with the elapsed seconds about five times a second while waiting (for a
        progress display).

    Returns
    -------
    SolveOutcome

    Examples
    --------
    >>> import numpy as np
    >>> m = LinearModel(cost=np.array([1.0, 2.0]), col_lower=np.zeros(2),
    ...     col_upper=np.ones(2), row_lower=np.array([-INF]), row_upper=np.array([1.0]),
    ...     a_start=np.array([0, 1, 2]), a_index=np.array([0, 0]),
    ...     a_value=np.array([1.0, 1.0]), integer=np.array([True, True]))
    >>> run_highs(m, time_limit=10).objective
    2.0
    """
    if time_limit <= 0:
        raise ValueError(f"time_limit must be positive; got {time_limit}")
    # HiGHS is told to stop a little earlier, so that it normally returns its incumbent
    # before aimaq's own limit kills it.
    grace = min(_GRACE_S, 0.25 * time_limit)
    opts = {"time_limit": float(time_limit - grace), "threads": 1}
    opts.update(options or {})
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    log = SOLVER_LOG.isEnabledFor(logging.INFO)
    proc = ctx.Process(target=_child, args=(child, model, opts, log), daemon=True)
    started = time.perf_counter()
    proc.start()
    child.close()
    deadline = started + time_limit
    result: Any = None
    try:
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            if parent.poll(min(0.2, remaining)):
                result = parent.recv()
                break
            if not proc.is_alive() and not parent.poll(0):
                break
            if on_wait is not None:
                on_wait(time.perf_counter() - started)
    except (EOFError, OSError):
        result = None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=5)
        parent.close()
    elapsed = time.perf_counter() - started
    if isinstance(result, SolveOutcome):
        for line in result.log.splitlines():
            SOLVER_LOG.info("%s", line)
        return result
    if isinstance(result, Exception):
        return SolveOutcome("error", float("nan"), float("nan"), np.empty(0), elapsed, repr(result))
    killed = elapsed >= time_limit
    return SolveOutcome(
        "killed" if killed else "error",
        float("nan"),
        float("nan"),
        np.empty(0),
        elapsed,
        "stopped by aimaq's wall-clock limit" if killed else "the solver process died",
    )
