"""Where the time of a many-edition build goes: a sampling profile of `snakemake --cores 2`
building N copies of the English main report, by thread (the scheduler's main thread, the
job threads of the workflow profile's force-use-threads).

`python benchmarks/profile_scale.py N [--head] [--coalesce-rate-limiter-timers]
[snakemake options...]` builds in a fresh copy of the project (as benchmarks/run.py does)
and prints the CPU time of each thread, the number of scheduling rounds, and for each kind
of thread the wall time its samples add up to by activity.

--coalesce-rate-limiter-timers is an experiment, not a fix to adopt as is: it patches
Snakemake in the profiled process so that its job rate limiter (--max-jobs-per-timespan,
100/1s by default) keeps at most one re-evaluation timer (a daemon thread) pending, instead
of starting a new non-daemon timer thread at the end of every scheduling round (each of
which starts another round a second later, so that the rounds per second grow with the
jobs finished, and the process waits for the last timer before it exits).

Every 10 ms a sampler thread reads every thread's stack; a thread counts as busy unless it
waits on a lock, a queue or a condition. Only one thread runs Python at a time (the GIL),
so a thread waiting for the GIL counts as busy too: the samples say where the threads are,
and the CPU times (from /proc) how much each of them ran.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

INTERVAL = 0.01
STEPS = {
    "validate_data",
    "plot_figure",
    "tabulate",
    "compute_numbers",
    "render_report",
    "web_edition",
}
# Snakemake functions of the main thread, innermost first: a sample counts for the first
# of them found in its stack.
MAIN_ACTIVITIES = [
    ("milp.py", "select_jobs", "scheduler: ILP job selection (pulp + CBC)"),
    ("greedy.py", "select_jobs", "scheduler: greedy job selection"),
    ("job_scheduler.py", "update_input_sizes", "scheduler: input sizes of ready jobs"),
    ("job_scheduler.py", "job_selector", "scheduler: job selection, other"),
    ("jobs.py", "reset_params_and_resources", "scheduler: re-evaluate params of ready jobs"),
    ("job_scheduler.py", "_finish_jobs", "scheduler: postprocess finished jobs"),
    ("job_scheduler.py", "schedule", "scheduler: other"),
    ("workflow.py", "include", "parse the workflow"),
    ("dag.py", "init", "build the DAG"),
    ("dag.py", "update_needrun", "build the DAG"),
    ("dag.py", "", "build the DAG, other"),
    ("persistence.py", "", "persistence (metadata)"),
    ("onsuccess", "", "onsuccess (publish)"),
]


def _idle(frame) -> bool:
    name, function = frame.f_code.co_filename, frame.f_code.co_name
    return (
        name.endswith(("threading.py", "queue.py", "selectors.py"))
        or (name.endswith("concurrent/futures/thread.py") and function == "_worker")
        or function in {"sleep", "select", "_run_once"}
    )


def _stack(frame) -> list:
    frames = []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    return frames  # innermost first


def _classify(frames, main: bool) -> str:
    if _idle(frames[0]):
        return "waiting"
    for frame in frames:
        code = frame.f_code
        if code.co_filename.endswith("ap4report/steps.py") and code.co_name in STEPS:
            return f"step: {code.co_name}"
    if main:
        for frame in frames:
            code = frame.f_code
            for filename, function, activity in MAIN_ACTIVITIES:
                if filename in code.co_filename and function in ("", code.co_name):
                    return activity
        return "main, other"
    names = [f"{Path(f.f_code.co_filename).name}:{f.f_code.co_name}" for f in frames]
    snakemake = [
        name
        for frame, name in zip(frames, names, strict=True)
        if "snakemake" in frame.f_code.co_filename
    ]
    return f"job thread, outside the step: {snakemake[0] if snakemake else names[0]}"


def _thread_cpu() -> dict[int, float]:
    """CPU seconds of each thread of this process, by native id (Linux /proc)."""
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    result = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        result[int(task.name)] = (int(fields[11]) + int(fields[12])) / ticks_per_second
    return result


def _coalesce_rate_limiter_timers() -> None:
    from snakemake.scheduling import job_scheduler

    def schedule_reevaluation(self, delay) -> None:
        if getattr(self, "_reevaluation_pending", False):
            return
        self._reevaluation_pending = True

        def fire() -> None:
            self._reevaluation_pending = False
            self._open_jobs.release()

        timer = threading.Timer(delay, fire)
        timer.daemon = True
        timer.start()

    job_scheduler.JobScheduler._schedule_reevalutation = schedule_reevaluation


def _count_calls(owner, name: str, counter: collections.Counter) -> None:
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        counter[name] += 1
        return original(*args, **kwargs)

    setattr(owner, name, counted)


def child(out: Path, arguments: list[str]) -> None:
    """Run Snakemake in this process with a sampler thread; write the counts to `out`."""
    from snakemake.scheduling import job_scheduler

    if "--coalesce-rate-limiter-timers" in arguments:
        arguments = [a for a in arguments if a != "--coalesce-rate-limiter-timers"]
        _coalesce_rate_limiter_timers()
    calls: collections.Counter = collections.Counter()
    for name in ("job_selector", "_schedule_reevalutation"):
        _count_calls(job_scheduler.JobScheduler, name, calls)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    leaves: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    done = threading.Event()
    ticks = [0]
    main_ident = threading.main_thread().ident
    # Ticks by how many job threads are inside a step: 0 means no work of the workflow's
    # own is going on, only Snakemake's (or nothing, waiting on a lock).
    working = collections.Counter()
    cpu: dict[int, float] = {}  # native thread id -> CPU seconds (user + system), last seen

    def sample() -> None:
        me = threading.get_ident()
        while not done.is_set():
            ticks[0] += 1
            in_step = 0
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                kind = "main" if ident == main_ident else "job threads"
                frames = _stack(frame)
                activity = _classify(frames, kind == "main")
                counts[kind][activity] += 1
                in_step += activity.startswith("step: ")
                if activity != "waiting":
                    code = frames[0].f_code
                    leaves[kind][f"{code.co_filename}:{code.co_name}"] += 1
            working[in_step] += 1
            if ticks[0] % 10 == 0:
                cpu.update(_thread_cpu())
            time.sleep(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    sampler.start()
    status = 0
    try:
        from snakemake.cli import main

        main(arguments)
    except SystemExit as exit_:
        status = exit_.code or 0
    finally:
        done.set()
        sampler.join()
    wall = time.perf_counter() - start
    seconds_per_tick = wall / max(ticks[0], 1)
    cpu.update(_thread_cpu())
    main_native = threading.main_thread().native_id
    sampler_native = sampler.native_id
    thread_cpu = {
        "main": cpu.get(main_native, 0.0),
        "sampler": cpu.get(sampler_native, 0.0),
        "other threads": sum(v for k, v in cpu.items() if k not in (main_native, sampler_native)),
    }
    out.write_text(
        json.dumps(
            {
                "wall_s": wall,
                "status": status,
                "ticks": ticks[0],
                "calls": dict(calls),
                "cpu_s": thread_cpu,
                "job_threads_in_a_step": {
                    str(n): count * seconds_per_tick for n, count in sorted(working.items())
                },
                "seconds": {
                    kind: {a: n * seconds_per_tick for a, n in counter.most_common()}
                    for kind, counter in counts.items()
                },
                "leaves": {
                    kind: {a: n * seconds_per_tick for a, n in counter.most_common(25)}
                    for kind, counter in leaves.items()
                },
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    sys.exit(status)


def main() -> None:
    import subprocess

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run

    if len(sys.argv) < 2:
        sys.exit(__doc__)
    size, options = int(sys.argv[1]), sys.argv[2:]
    scratch = Path(tempfile.mkdtemp(prefix="ap4-profile-"))
    run.snapshot(scratch / run.SNAPSHOT, "head" if "--head" in options else "worktree")
    options = [option for option in options if option != "--head"]
    work = run.fresh_copy(scratch, f"scale{size}", copies=size)
    out = scratch / "profile.json"
    command = [sys.executable, __file__, "--child", str(out), "--cores", "2", *options]
    result = subprocess.run(
        command, cwd=work, env=run.environment(work), capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-3000:]}")
    profile = json.loads(out.read_text(encoding="utf-8"))
    print(
        f"{size} editions, snakemake --cores 2 {' '.join(options)}: {profile['wall_s']:.1f} s wall"
    )
    print(
        "Scheduling rounds (job_selector calls): "
        f"{profile['calls'].get('job_selector', 0)}; re-evaluation timers started: "
        f"{profile['calls'].get('_schedule_reevalutation', 0)}"
    )
    print(
        "CPU seconds by thread: " + ", ".join(f"{k} {v:.1f}" for k, v in profile["cpu_s"].items())
    )
    print(
        "Wall seconds with 0, 1, 2 job threads inside a step: "
        + ", ".join(f"{n}: {s:.1f}" for n, s in profile["job_threads_in_a_step"].items())
    )
    for kind, activities in profile["seconds"].items():
        print(f"\n| {kind} | s | s per edition |\n|---|---|---|")
        for activity, seconds in activities.items():
            print(f"| {activity} | {seconds:.1f} | {seconds / size:.3f} |")
    for kind, leaves in profile["leaves"].items():
        print(f"\nBusiest innermost functions, {kind}:")
        for leaf, seconds in list(leaves.items())[:15]:
            print(f"  {seconds:7.1f} s  {leaf}")
    print(f"\nProfile: {out} (scratch: {scratch})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), sys.argv[3:])
    else:
        main()
