import json
import sys
from pathlib import Path

from innerchild.live.testing import JANUS, require, require_private_network, run_in_private_network

PEERS = Path(__file__).with_name("janus_group_peers.py")


def run_group(people: int) -> dict:
    require(JANUS)
    require_private_network()
    result = run_in_private_network(
        [sys.executable, str(PEERS), "--people", str(people), "--seconds", "45"], timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_a_facilitator_and_three_members_each_see_and_hear_all_the_others():
    outcome = run_group(4)
    everyone = {"facilitator", "member-1", "member-2", "member-3"}
    assert set(outcome["received"]) == everyone
    for person, heard in outcome["received"].items():
        assert set(heard) == everyone - {person}, f"{person} got media from {sorted(heard)}"
        for sender, frames in heard.items():
            assert frames["video"] >= 10, f"{person} saw {frames['video']} frames of {sender}"
            assert frames["audio"] >= 25, f"{person} heard {frames['audio']} frames of {sender}"
    assert outcome["all_flowing"], outcome["janus_log_tail"]


def test_nothing_said_in_a_group_session_is_recorded():
    outcome = run_group(2)
    assert outcome["all_flowing"], outcome["janus_log_tail"]
    assert outcome["recordings"] == []
