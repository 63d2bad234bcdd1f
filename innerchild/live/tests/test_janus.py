import socket
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from innerchild.live import janus
from innerchild.live.janus import JanusError, check_janus_settings
from innerchild.live.testing import JANUS, JanusParticipant, JanusServer, free_port, require

ADMIN_KEY = "test-admin-key-for-room-creation"


@pytest.fixture(scope="module")
def janus_server():
    require(JANUS)
    with (
        tempfile.TemporaryDirectory() as workdir,
        JanusServer(Path(workdir), admin_key=ADMIN_KEY) as server,
    ):
        yield server


@pytest.fixture
def janus_url(janus_server):
    with override_settings(
        JANUS_URL=janus_server.url,
        JANUS_ADMIN_KEY=ADMIN_KEY,
        JANUS_ROOM_SECRET="room-secret-for-tests",
        JANUS_TIMEOUT=5,
    ):
        yield janus_server.url


@pytest.fixture
def participant(janus_url):
    joined = []

    def make():
        person = JanusParticipant(janus_url)
        joined.append(person)
        return person

    yield make
    for person in joined:
        person.close()


def test_a_participant_with_their_token_joins_the_room(janus_url, participant):
    room = janus.ensure_room("session-joins", max_publishers=4, participants=["alice", "fay"])
    answer = participant().join(room, janus.token_for(room, "alice"), display="A")
    assert answer["videoroom"] == "joined"
    assert answer["room"] == room
    janus.close_room(room)


def test_someone_not_invited_is_turned_away(janus_url, participant):
    room = janus.ensure_room("session-turned-away", max_publishers=4, participants=["alice"])
    answer = participant().join(room, janus.token_for(room, "bob"))
    assert answer.get("error_code") == 433  # unauthorized
    answer = participant().join(room, "")
    assert answer.get("error_code") is not None
    janus.close_room(room)


def test_the_room_is_hidden_from_the_public_room_list(janus_url, participant):
    room = janus.ensure_room("session-hidden", max_publishers=2, participants=["alice"])
    listed = participant().send({"request": "list"})
    assert room not in [entry["room"] for entry in listed.get("list", [])]
    janus.close_room(room)


def test_the_same_session_always_gets_the_same_room(janus_url):
    first = janus.ensure_room("session-same", max_publishers=4, participants=["alice"])
    again = janus.ensure_room("session-same", max_publishers=4, participants=["alice"])
    other = janus.ensure_room("session-other", max_publishers=4)
    assert first == again
    assert first != other
    janus.close_room(first)
    janus.close_room(other)


def test_rooms_are_made_with_recording_off_and_locked_and_a_bitrate_cap(janus_url):
    room = janus.ensure_room("session-details", max_publishers=5, participants=["alice"])
    details = janus.room_details(room)
    assert details["record"] is False
    assert details["lock_record"] is True
    assert details["is_private"] is True
    assert details["max_publishers"] == 5
    assert details["bitrate"] == janus.GROUP_BITRATE
    janus.close_room(room)


def test_a_room_grows_when_more_people_are_booked(janus_url):
    room = janus.ensure_room("session-grows", max_publishers=2, participants=["fay", "alice"])
    janus.ensure_room("session-grows", max_publishers=3, participants=["fay", "alice", "bob"])
    assert janus.room_details(room)["max_publishers"] == 3
    janus.close_room(room)


def test_a_participant_added_later_can_join(janus_url, participant):
    room = janus.ensure_room("session-later", max_publishers=4, participants=["alice"])
    janus.allow(room, ["bob"])
    assert participant().join(room, janus.token_for(room, "bob"))["videoroom"] == "joined"
    assert janus.token_for(room, "bob") in janus.allowed_tokens(room)
    janus.close_room(room)


def test_ensuring_an_existing_room_adds_the_new_participants(janus_url, participant):
    room = janus.ensure_room("session-grow", max_publishers=4, participants=["alice"])
    janus.ensure_room("session-grow", max_publishers=4, participants=["alice", "bob"])
    assert participant().join(room, janus.token_for(room, "bob"))["videoroom"] == "joined"
    janus.close_room(room)


def test_a_removed_participant_can_no_longer_join(janus_url, participant):
    room = janus.ensure_room("session-removed", max_publishers=4, participants=["alice", "bob"])
    janus.disallow(room, ["bob"])
    assert participant().join(room, janus.token_for(room, "bob")).get("error_code") == 433
    assert janus.token_for(room, "alice") in janus.allowed_tokens(room)
    janus.close_room(room)


def test_a_removed_participant_already_in_the_room_is_sent_out(janus_url, participant):
    room = janus.ensure_room("session-kick", max_publishers=4, participants=["alice", "bob"])
    bob = participant()
    bob.join(room, janus.token_for(room, "bob"), id=janus.publisher_id_for(room, "bob"))
    janus.disallow(room, ["bob"])
    present = participant().send({"request": "listparticipants", "room": room})
    assert janus.publisher_id_for(room, "bob") not in [p["id"] for p in present["participants"]]
    janus.close_room(room)


def test_a_closed_room_is_gone_and_closing_it_again_is_harmless(janus_url, participant):
    room = janus.ensure_room("session-closed", max_publishers=4, participants=["alice"])
    janus.close_room(room)
    janus.close_room(room)
    assert participant().send({"request": "exists", "room": room})["exists"] is False


def test_a_room_cannot_be_destroyed_without_its_secret(janus_url, participant):
    room = janus.ensure_room("session-secret", max_publishers=4, participants=["alice"])
    answer = participant().send({"request": "destroy", "room": room, "secret": "guess"})
    assert answer.get("error_code") == 433
    janus.close_room(room)


def test_a_wrong_admin_key_is_one_clear_error(janus_url):
    with override_settings(JANUS_ADMIN_KEY="not-the-key"):
        with pytest.raises(JanusError, match=r"refused 'create'.*\(\d+\)\.$"):
            janus.ensure_room("session-wrong-key", max_publishers=4)


def test_janus_is_configured_only_with_a_url():
    with override_settings(JANUS_URL=""):
        assert not janus.janus_configured()
        with pytest.raises(JanusError, match="not configured"):
            janus.ensure_room("session-none", max_publishers=4)
    with override_settings(JANUS_URL="http://127.0.0.1:8088/janus"):
        assert janus.janus_configured()


def test_a_janus_that_is_down_is_one_clear_error():
    with override_settings(JANUS_URL=f"http://127.0.0.1:{free_port()}/janus"):
        with pytest.raises(JanusError, match="cannot be reached"):
            janus.ensure_room("session-down", max_publishers=4)


def test_a_janus_that_never_answers_gives_up_after_the_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def accept_and_stay_silent():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept_and_stay_silent)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/janus"
    try:
        with override_settings(JANUS_URL=url, JANUS_TIMEOUT=1):
            with pytest.raises(JanusError, match="did not answer within 1 s"):
                janus.close_room(1)
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()


@override_settings(JANUS_ROOM_SECRET="room-secret-for-tests")
def test_tokens_differ_per_person_and_per_room_and_reveal_neither():
    tokens = {janus.token_for(room, key) for room in (1, 2) for key in ("alice", "bob")}
    assert len(tokens) == 4
    assert all("alice" not in t and "bob" not in t for t in tokens)


def test_tokens_change_with_the_room_secret():
    with override_settings(JANUS_ROOM_SECRET="one-room-secret-for-tests"):
        first = janus.token_for(7, "alice")
    with override_settings(JANUS_ROOM_SECRET="another-room-secret-for-tests"):
        second = janus.token_for(7, "alice")
    assert first != second


def test_room_ids_fit_in_a_javascript_number():
    ids = [janus.room_id_for(f"session-{n}") for n in range(200)]
    assert all(0 < room < 2**53 for room in ids)
    assert len(set(ids)) == 200


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8088/janus", "ws://127.0.0.1:8188/", "http:///janus", "janus"]
)
def test_a_janus_url_that_is_not_an_http_address_stops_startup_with_one_line(url):
    with pytest.raises(ImproperlyConfigured, match="JANUS_URL must be") as caught:
        check_janus_settings(url, 5)
    assert "\n" not in str(caught.value)


def test_an_empty_janus_url_means_no_sfu_and_is_accepted():
    check_janus_settings("", 5)
    check_janus_settings("https://janus.internal.example.org/janus", 5)


def test_a_janus_timeout_of_ten_minutes_is_refused():
    with pytest.raises(ImproperlyConfigured, match="JANUS_TIMEOUT"):
        check_janus_settings("http://127.0.0.1:8088/janus", 600)
