"""The round-robin proxy of bench/two_instances.py sends each request to the next instance in turn and hands
the answer back unchanged (two tiny local upstreams; no Rasa)."""
from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web

from bench.stack import free_port
from bench.two_instances import RoundRobin


async def upstream(name: str) -> tuple[web.AppRunner, str]:
    async def answer(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response({"instance": name, "echo": body,
                                  "authorised": request.headers.get("Authorization")})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}"


async def four_requests() -> tuple[list[dict], dict[str, int]]:
    (first, a), (second, b) = await upstream("a"), await upstream("b")
    proxy = RoundRobin([a, b])
    url = await proxy.start(free_port())
    try:
        async with aiohttp.ClientSession() as session:
            answers = []
            for n in range(4):
                async with session.post(url + "/webhooks/rest/webhook", json={"n": n},
                                        headers={"Authorization": "Bearer s"}) as r:
                    answers.append(await r.json())
        return answers, dict(proxy.sent)
    finally:
        await proxy.stop()
        await first.cleanup()
        await second.cleanup()


def test_requests_alternate_between_instances_and_come_back_whole() -> None:
    answers, sent = asyncio.run(four_requests())
    assert [a["instance"] for a in answers] == ["a", "b", "a", "b"]
    assert [a["echo"] for a in answers] == [{"n": n} for n in range(4)]
    assert all(a["authorised"] == "Bearer s" for a in answers)
    assert sorted(sent.values()) == [2, 2]
