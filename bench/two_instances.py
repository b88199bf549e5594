"""Two Rasa instances behind a round-robin proxy, against one instance alone: the capacity plan's check.

    .venv/bin/python bench/two_instances.py [--seconds 20] [--levels 10,50]

docs/scale-out.md plans instances from the turns a second one instance serves. This starts what a trust would
run on several machines, here on one: one action server, Rasa instances of one worker each on PostgreSQL with
the Redis lock store (our two-worker deployment's endpoints, bench/deployments.py), and a small round-robin
proxy (``RoundRobin``, in a process of its own) standing in for the load balancer, which sends each request to
the next instance. It plays the benchmark's journeys (bench/load.py) against one instance alone, then against the two through the
proxy, and prints turns/s and p95 for each, with the machine's load average before and after.

On a machine with fewer cores than instances (this one has two, shared by both instances, the action server,
PostgreSQL and the load generator) two instances cannot double the throughput; what the check shows is that
the proxy and the shared stores cost nothing measurable and that conversations stay whole when their turns
alternate between instances (no errors, every journey reaches its advice).
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import deployments, load, report, stack  # noqa: E402
from bench.run import DEFAULT_DATABASE_URL, shared_stores  # noqa: E402

FORWARDED = ("Content-Type", "Authorization")


class RoundRobin:
    """An HTTP proxy on 127.0.0.1 that sends each request to the next of ``upstreams`` in turn."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self._next = itertools.cycle(upstreams)
        self.sent = {u: 0 for u in upstreams}
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None

    def pick(self) -> str:
        upstream = next(self._next)
        self.sent[upstream] += 1
        return upstream

    async def handle(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k in FORWARDED}
        async with self._session.request(request.method, self.pick() + request.path_qs, data=body,
                                         headers=headers) as upstream:
            return web.Response(status=upstream.status, body=await upstream.read(),
                                content_type=upstream.content_type)

    async def start(self, port: int) -> str:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        return f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()


def start_instances(count: int, model: Path, workdir: Path, logs: Path, database_url: str,
                    redis_host: str) -> tuple[stack.Server, list[stack.Server], list[str]]:
    """One action server and ``count`` Rasa instances of one worker each, sharing PostgreSQL and Redis."""
    env = stack.base_env()
    actions_port = stack.free_port()
    env.update({"SANIC_HOST": "127.0.0.1", "BOT_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook",
                "BOT_REDIS_HOST": redis_host,
                "BOT_DATABASE_URL": deployments.database_url_for(database_url, deployments.OURS_DATABASE)})
    endpoints = workdir / "instances-endpoints.yml"
    endpoints.write_text(deployments.ours_endpoints(deployments.TWO_WORKERS))
    actions = stack.Server("actions", [str(stack.VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                                       "--port", str(actions_port)], ROOT, env, logs / "instances-actions.log").start()
    instances, urls = [], []
    for n in range(count):
        port = stack.free_port()
        instances.append(stack.Server(f"instance {n + 1}", stack.rasa_command(
            "run", "--model", str(model), "--endpoints", str(endpoints), "--credentials", "credentials.yml",
            "--interface", "127.0.0.1", "--port", str(port)), ROOT, env, logs / f"instance-{n + 1}.log").start())
        urls.append(f"http://127.0.0.1:{port}")
    for server, url in zip(instances, urls):
        stack.wait_first_answer(url, server, 600)
    return actions, instances, urls


async def play(url: str, levels: list[int], seconds: float, label: str) -> dict[int, dict]:
    await load.run_level(url, load.ours_journey, 1, duration=0, label=f"{label}-warm", timeout=120)
    out = {}
    for level in levels:
        result = await load.run_level(url, load.ours_journey, level, duration=seconds, label=label, timeout=60,
                                      finish=False)
        out[level] = report.level_summary(result)
    return out


async def serve_proxy(port: int, upstreams: list[str]) -> None:
    """The proxy alone, until the process is stopped (``--serve-proxy``)."""
    proxy = RoundRobin(upstreams)
    await proxy.start(port)
    try:
        await asyncio.Event().wait()
    finally:
        await proxy.stop()


def start_proxy(upstreams: list[str], logs: Path) -> tuple[stack.Server, str]:
    """The proxy in a process of its own, so that it does not share the load generator's core."""
    port = stack.free_port()
    server = stack.Server("proxy", [str(stack.VENV_BIN / "python"), str(Path(__file__).resolve()), "--serve-proxy",
                                    str(port), *upstreams], ROOT, stack.base_env(), logs / "proxy.log").start()
    url = f"http://127.0.0.1:{port}"
    stack.wait_http(url + "/", server, 30)
    return server, url


async def measure(urls: list[str], levels: list[int], seconds: float, proxy_url: str) -> dict[str, dict[int, dict]]:
    results = {"one instance": await play(urls[0], levels, seconds, "one")}
    results[f"{len(urls)} instances behind the proxy"] = await play(proxy_url, levels, seconds, "two")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safeguarding.tar.gz")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--levels", default="10,50")
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-host", default=os.environ.get("BOT_REDIS_HOST", "127.0.0.1"))
    parser.add_argument("--serve-proxy", nargs="+", metavar=("PORT", "UPSTREAM"),
                        help="run only the round-robin proxy on 127.0.0.1:PORT (used by this script)")
    args = parser.parse_args()
    if args.serve_proxy:
        asyncio.run(serve_proxy(int(args.serve_proxy[0]), args.serve_proxy[1:]))
        return 0
    why_not = shared_stores(args.database_url, args.redis_host)
    if why_not:
        print(f"cannot run: {why_not}", file=sys.stderr)
        return 2
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    logs = ROOT / "var" / "bench" / "instances"
    logs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-instances-") as tmp:
        actions, instances, urls = start_instances(args.instances, args.model.resolve(), Path(tmp), logs,
                                                   args.database_url, args.redis_host)
        proxy, proxy_url = start_proxy(urls, logs)
        try:
            results = asyncio.run(measure(urls, [int(x) for x in args.levels.split(",")], args.seconds, proxy_url))
        finally:
            for server in [proxy, *instances, actions]:
                server.stop()
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    print("| set-up | concurrent | turns | turns/s | p50 | p95 | errors | journeys without advice |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, levels in results.items():
        for level, s in levels.items():
            print(f"| {name} | {level} | {s['turns']} | {s['turns_per_s']:.1f} | {s['p50_ms']:.0f} ms | "
                  f"{s['p95_ms']:.0f} ms | {s['errors']} | {len(s['journey_deviations'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
