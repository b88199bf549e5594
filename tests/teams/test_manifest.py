"""The Teams app manifest template: valid, personal scope only, placeholders documented, no real ids."""
from __future__ import annotations

import json
import re

from bot.channels.teams.channel import TeamsInput
from bot.paths import ROOT

MANIFEST = ROOT / "teams" / "manifest.json"
DOCS = ROOT / "docs" / "teams.md"
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def test_the_manifest_is_a_template_for_a_personal_bot():
    manifest = json.loads(MANIFEST.read_text())
    assert f"/v{manifest['manifestVersion']}/" in manifest["$schema"]
    assert manifest["id"] == manifest["bots"][0]["botId"] == "{{BOT_TEAMS_APP_ID}}"
    assert manifest["bots"][0]["scopes"] == ["personal"] and not manifest["bots"][0]["supportsFiles"]
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert manifest["validDomains"] == ["{{BOT_HOST}}"]
    assert len(manifest["description"]["short"]) <= 80 and len(manifest["description"]["full"]) <= 4000
    assert len(manifest["name"]["short"]) <= 30


def test_no_real_ids_and_every_placeholder_is_documented():
    text = MANIFEST.read_text()
    assert not GUID.search(text)
    docs = DOCS.read_text()
    for placeholder in set(re.findall(r"\{\{[A-Z_]+\}\}", text)):
        assert placeholder in docs, placeholder


def test_the_documented_messaging_endpoint_is_the_channels_url():
    assert f"/webhooks/{TeamsInput.name()}/webhook" in DOCS.read_text()
