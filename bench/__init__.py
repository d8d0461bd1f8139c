"""The platform's benchmarks: ``uv run python -m bench [names...] [--repeat N] [--quick]``.

A benchmark is a module ``bench/<name>_bench.py`` exposing one coroutine::

    from bench.harness import BenchContext, Result, Target

    async def run(ctx: BenchContext) -> list[Result]:
        async with ctx.database("sqlite", "mybench") as target:   # or "postgres"
            ...  # drive a bounded load against a real service on target.url / ctx.nats_url
        return [Result(name="mybench.create", backend="sqlite", values={"p99_ms": ...},
                       target=Target("p99_ms", 20.0))]

The harness starts one real nats-server for the whole session (``ctx.nats_url``; call
``await ctx.reset_nats()`` for a broker without streams), gives each run fresh databases
(``ctx.database(backend, name)``: a SQLite file under a temporary directory, or a PostgreSQL
database created and dropped around the block), calls ``run`` ``ctx.repeat`` times, takes the median
of each value over the runs, writes ``bench/results/<name>.json`` and prints a table. ``ctx.quick``
asks for a short smoke-sized run (``ctx.pick(full, quick)``); ``ctx.backends`` lists the backends
to measure. Loads stay bounded and on loopback.
"""
