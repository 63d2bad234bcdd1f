"""Session scripts are content: checked with file and line, and a broken one stops the app."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from innerchild.core.content import ContentError
from innerchild.core.signs import sign_ids
from innerchild.guide import scripts
from innerchild.guide.scripts import SCRIPTS_DIR, load_scripts

SAFE_PLACE = SCRIPTS_DIR / "en" / "safe-place.yaml"


def broken_copy(tmp_path: Path, old: str, new: str, name: str = "safe-place.yaml") -> Path:
    (tmp_path / "en").mkdir()
    text = SAFE_PLACE.read_text()
    assert old in text
    path = tmp_path / "en" / name
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def problems_for(tmp_path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_scripts(tmp_path)
    return caught.value.problems


def test_every_shipped_script_passes_the_content_check():
    out = StringIO()
    call_command("content", "check", stdout=out)
    assert "guide scripts" in out.getvalue()
    assert scripts.check_scripts() == []


def test_there_are_at_least_twelve_english_scripts_each_naming_its_signs():
    english = [s for (language, _id), s in load_scripts().items() if language == "en"]
    assert len(english) >= 12
    for script in english:
        assert script.signs
        assert set(script.signs) <= set(sign_ids())


def test_the_expected_sessions_are_there():
    ids = {script_id for _language, script_id in load_scripts()}
    assert {
        "safe-place",
        "meeting-your-younger-self",
        "photo-meditation",
        "letter-of-reparenting",
        "dialogue-with-little-me",
        "healing-a-trigger",
        "rehearsing-a-boundary",
        "soothing-fear-of-abandonment",
        "self-criticism-to-self-compassion",
        "loving-kindness-for-the-child",
        "regression-to-a-memory",
        "end-of-day-check-in",
    } <= ids
    assert scripts.get_script("regression-to-a-memory").intensity == "deep"


def test_an_unknown_step_type_is_reported_with_file_and_line(tmp_path):
    path = broken_copy(tmp_path, "- type: breath", "- type: dance")
    problems = problems_for(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line_of(path, 'type: dance')}: steps/2/type:")
    assert "'dance' is not one of" in problems[0]


def test_a_missing_field_is_reported_with_file_and_line(tmp_path):
    path = broken_copy(tmp_path, "    cycles: 5\n", "")
    problems = problems_for(tmp_path)
    assert problems == [
        f"{path}:{line_of(path, 'type: breath')}: steps/2: 'cycles' is a required property"
    ]


def test_a_missing_top_level_field_is_reported(tmp_path):
    path = broken_copy(tmp_path, "stage: grounding\n", "")
    assert problems_for(tmp_path) == [
        f"{path}:{line_of(path, 'id: ')}: (top): 'stage' is a required property"
    ]


def test_a_duration_that_is_not_a_number_of_minutes_is_reported(tmp_path):
    path = broken_copy(tmp_path, "duration: 15", "duration: a quarter of an hour")
    [problem] = problems_for(tmp_path)
    assert problem.startswith(f"{path}:{line_of(path, 'duration:')}: duration:")


def test_a_duration_shorter_than_the_paced_steps_is_reported(tmp_path):
    path = broken_copy(tmp_path, "duration: 15", "duration: 1")
    [problem] = problems_for(tmp_path)
    assert problem == (
        f"{path}:{line_of(path, 'duration:')}: duration 1 minutes is shorter than the paced "
        "parts (3 minutes)"
    )


def test_a_script_without_the_closing_arc_is_reported(tmp_path):
    path = broken_copy(tmp_path, "  - type: checkin\n    phase: after\n", "")
    [problem] = problems_for(tmp_path)
    assert problem.startswith(f"{path}:{line_of(path, 'type: reflection')}:")
    assert "closing, check-in (phase: after) and reflection" in problem


def test_the_file_name_must_match_the_id(tmp_path):
    path = broken_copy(tmp_path, "id: safe-place", "id: safe-place", name="other.yaml")
    [problem] = problems_for(tmp_path)
    assert (
        problem
        == f"{path}:{line_of(path, 'id: safe-place')}: id 'safe-place' must match the file name 'other'"
    )


def test_a_sign_that_does_not_exist_is_reported(tmp_path):
    path = broken_copy(tmp_path, "signs: [stress,", "signs: [sadness,")
    [problem] = problems_for(tmp_path)
    assert problem.startswith(f"{path}:{line_of(path, 'signs:')}: signs/0:")


def test_every_problem_in_every_file_is_listed(tmp_path):
    broken_copy(tmp_path, "- type: breath", "- type: dance")
    shutil.copy(SAFE_PLACE, tmp_path / "en" / "meeting-your-younger-self.yaml")
    problems = problems_for(tmp_path)
    assert len(problems) == 2
    assert "must match the file name" in problems[0]


def test_content_check_fails_naming_the_broken_file(tmp_path):
    path = broken_copy(tmp_path, "- type: breath", "- type: dance")
    with mock.patch.object(scripts, "SCRIPTS_DIR", tmp_path), pytest.raises(CommandError):
        call_command("content", "check", stderr=StringIO())
    with mock.patch.object(scripts, "SCRIPTS_DIR", tmp_path):
        errors = StringIO()
        with pytest.raises(CommandError):
            call_command("content", "check", stderr=errors)
    assert re.search(rf"^{re.escape(str(path))}:\d+: steps/2/type", errors.getvalue(), re.M)


def test_the_app_refuses_to_start_with_a_broken_script(tmp_path):
    path = broken_copy(tmp_path, "- type: breath", "- type: dance")
    config = apps.get_app_config("guide")
    with mock.patch.object(scripts, "SCRIPTS_DIR", tmp_path):
        with pytest.raises(ImproperlyConfigured) as caught:
            config.ready()
    assert str(path) in str(caught.value)
    assert "'dance' is not one of" in str(caught.value)


def test_cli_lists_the_scripts():
    out = StringIO()
    call_command("guide", "list", stdout=out)
    assert "meeting-your-younger-self" in out.getvalue()
    assert "deep" in out.getvalue()


def test_cli_shows_a_script_as_text():
    out = StringIO()
    call_command("guide", "show", "safe-place", stdout=out)
    text = out.getvalue()
    assert text.startswith("A safe place inside [safe-place, en]")
    assert "3. [breath] Settling in" in text
    assert "pattern: in 4s, hold 1s, out 6s, rest 1s; 5 cycles" in text


def test_cli_shows_a_translation_when_asked():
    out = StringIO()
    call_command("guide", "show", "safe-place", "--language", "es", stdout=out)
    assert out.getvalue().startswith("Un lugar seguro por dentro")


def test_cli_names_an_unknown_script():
    with pytest.raises(CommandError, match="No script 'nope'"):
        call_command("guide", "show", "nope")
