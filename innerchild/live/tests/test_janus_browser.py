"""Browsers join a group through janus_group.js and the vendored janus.js, under our strict CSP."""

import json
import os
import sys
from pathlib import Path

import pytest

from innerchild.live.testing import JANUS, require, require_private_network, run_in_private_network

PEERS = Path(__file__).with_name("janus_browser_peers.py")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def outcome():
    require(CHROMIUM)
    require(JANUS)
    require_private_network()
    result = run_in_private_network(
        [sys.executable, str(PEERS), "--people", "3", "--seconds", "45"], timeout=150
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_three_people_in_chromium_see_and_hear_each_other_through_janus(outcome):
    everyone = {"facilitator", "member-1", "member-2"}
    assert set(outcome["summaries"]) == everyone
    for person, summary in outcome["summaries"].items():
        received = summary["received"]
        assert set(received) == everyone - {person}, f"{person} got {sorted(received)}"
        for sender, tracks in received.items():
            assert tracks["audio"] >= 1, f"{person} never got {sender}'s sound"
            assert tracks["videoFrames"] >= 10, f"{person} saw {tracks['videoFrames']} frames"
        shown = {figure["name"]: figure for figure in summary["shown"]}
        assert set(shown) == everyone - {person}
        for sender, figure in shown.items():
            assert figure["playing"] and figure["width"] > 0, f"{person}: {sender} not playing"
            assert figure["tracks"] == 2, f"{person}: {sender} lacks sound or picture"
    assert outcome["all_flowing"], outcome.get("janus_log_tail")


def test_janus_js_and_the_group_module_run_under_the_strict_csp(outcome):
    assert outcome["problems"] == {"facilitator": [], "member-1": [], "member-2": []}


def test_someone_the_server_removes_is_told_and_their_picture_leaves_the_others_screens(outcome):
    states = outcome["states_after_removal"]
    assert "removed" in states["member-1"]
    assert "left:member-1" in states["facilitator"]
    assert "left:member-1" in states["member-2"]
    assert outcome["removal_seen"]


def test_someone_without_an_invitation_is_turned_away_and_seen_by_nobody(outcome):
    assert outcome["intruder_refused"]
    assert "error" in outcome["intruder_states"]
    assert "publishing" not in outcome["intruder_states"]
    for summary in outcome["summaries"].values():
        assert "intruder" not in summary["received"]
    for states in outcome["states_after_removal"].values():
        assert "left:intruder" not in states
