"""Facilitators' own scripts: checked like the shipped ones (problems with line numbers),
private to their author, personalised per client, and played in the normal guide player."""

from __future__ import annotations

import json
from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from innerchild.care import scripts_provider
from innerchild.care.models import Assignment, AssignmentKind, CareLink, FacilitatorScript
from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.guide import api as guide
from innerchild.guide.models import RunStatus, SessionRun
from innerchild.guide.tests.helpers import answer_for

STARTER = render_to_string("care/scripts/starter.yaml")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def own_script(facilitator, source=STARTER, intensity="gentle") -> FacilitatorScript:
    now = timezone.now()
    return FacilitatorScript.objects.create(
        facilitator=facilitator,
        title="A visit to the safe place",
        source=source,
        language="en",
        intensity=intensity,
        created_at=now,
        updated_at=now,
    )


class WritingAScriptTests(InnerchildTestCase):
    url = reverse("care:script_new")

    def post(self, source, language="en"):
        self.login(self.fay)
        return self.client.post(self.url, {"language": language, "source": source})

    def test_the_starter_script_is_saved_and_encrypted_at_rest(self):
        response = self.post(STARTER)
        own = FacilitatorScript.objects.get(facilitator=self.fay)
        self.assertRedirects(response, reverse("care:script", args=[own.id]))
        self.assertEqual(own.title, "A visit to the safe place")
        for column in ("title", "source"):
            stored = " ".join(raw_column_values("care_facilitatorscript", column))
            self.assertNotIn("safe place", stored)
        self.assertContains(self.client.get(reverse("care:scripts")), own.title)

    def test_a_step_of_an_unknown_type_is_refused_with_its_line(self):
        source = STARTER.replace("  - type: breath", "  - type: dance")
        response = self.post(source)
        self.assertContains(response, f"Line {line_of(source, 'type: dance')}: ", status_code=422)
        self.assertContains(response, "dance", status_code=422)
        self.assertFalse(FacilitatorScript.objects.exists())

    def test_a_script_that_does_not_end_with_a_reflection_is_refused_with_its_line(self):
        source = STARTER[: STARTER.rindex("  - type: reflection")]
        response = self.post(source)
        self.assertContains(
            response,
            "the last three steps must be closing, check-in (phase: after) and reflection",
            status_code=422,
        )
        self.assertContains(response, "Line ", status_code=422)

    def test_yaml_that_does_not_parse_names_its_line(self):
        source = STARTER.replace("cycles: 4", "cycles: [4")
        response = self.post(source)
        self.assertContains(response, "not valid YAML", status_code=422)
        self.assertContains(response, "Line ", status_code=422)

    def test_an_unknown_placeholder_is_refused_with_its_line(self):
        source = STARTER.replace("{safe_place}.", "{favourite_toy}.")
        response = self.post(source)
        self.assertContains(
            response,
            f"Line {line_of(source, 'favourite_toy')}: unknown placeholder {{favourite_toy}}",
            status_code=422,
        )

    def test_yaml_aliases_that_could_expand_without_end_are_refused_at_once(self):
        levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        for i in range(1, 12):
            refs = ", ".join([f"*a{i - 1}"] * 9)
            levels.append(f"a{i}: &a{i} [{refs}]")
        response = self.post("\n".join(levels))
        self.assertContains(
            response, "Line 1: anchors and aliases (&amp; and *) are not allowed", status_code=422
        )

    def test_the_words_typed_are_kept_when_refused(self):
        source = STARTER.replace("intensity: gentle", "intensity: fierce")
        response = self.post(source)
        self.assertContains(response, "intensity: fierce", status_code=422)

    def test_a_language_not_matching_the_script_is_refused(self):
        response = self.post(STARTER, language="es")
        self.assertContains(response, "language &#x27;en&#x27;", status_code=422)

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_members_get_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("care:scripts")).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"source": STARTER}).status_code, 404)

    def test_another_facilitator_gets_404_on_a_script(self):
        own = own_script(self.fay)
        self.login(self.gus)
        for name in ("care:script", "care:script_edit"):
            self.assertEqual(self.client.get(reverse(name, args=[own.id])).status_code, 404)
        archive = reverse("care:script_archive", args=[own.id])
        self.assertEqual(self.client.post(archive).status_code, 404)

    def test_archiving_needs_a_post(self):
        own = own_script(self.fay)
        self.login(self.fay)
        archive = reverse("care:script_archive", args=[own.id])
        self.assertEqual(self.client.get(archive).status_code, 405)

    def test_editing_keeps_the_script_valid(self):
        own = own_script(self.fay)
        self.login(self.fay)
        url = reverse("care:script_edit", args=[own.id])
        response = self.client.post(url, {"language": "en", "source": "title: [oops"})
        self.assertEqual(response.status_code, 422)
        own.refresh_from_db()
        self.assertEqual(own.source, STARTER)
        changed = STARTER.replace("A visit to the safe place", "A visit to the garden")
        self.client.post(url, {"language": "en", "source": changed})
        own.refresh_from_db()
        self.assertEqual(own.title, "A visit to the garden")

    def test_the_guide_checks_text_like_a_file(self):
        script, problems = guide.validate_script_source(STARTER, "en")
        self.assertEqual(problems, [])
        self.assertEqual(len(script.steps), 8)
        script, problems = guide.validate_script_source("id: x\n", "en")
        self.assertIsNone(script)
        self.assertTrue(all(problem.startswith("Line ") for problem in problems), problems)


class PlayingAnAssignedScriptTests(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        cls.link = CareLink.objects.create(facilitator=cls.fay, member=cls.alice, started_at=now)
        cls.own = own_script(cls.fay)

    def assign(self, link=None, own=None, **fill):
        link = link or self.link
        self.login(self.fay)
        data = {
            "kind": "script",
            "script": f"own:{(own or self.own).id}",
            "due_date": (timezone.now() + timedelta(days=4)).date().isoformat(),
            "due_time": "18:00",
        }
        data.update({f"fill_{name}": value for name, value in fill.items()})
        response = self.client.post(reverse("care:assignment_new", args=[link.id]), data)
        self.assertEqual(response.status_code, 302)
        return Assignment.objects.latest("created_at")

    def test_the_member_plays_the_personalised_script_to_the_end(self):
        assignment = self.assign(younger_self_name="Robin", safe_place="the blue kitchen")
        self.login(self.alice)
        start = guide.start_url(assignment.play_id)
        self.assertContains(self.client.get(reverse("care:my_assignments")), start)
        self.assertContains(self.client.get(start), "A visit to the safe place")
        self.client.post(reverse("guide:start", args=[assignment.play_id]))
        run = SessionRun.objects.get(owner=self.alice)
        script = scripts_provider.provide(self.alice, run.script_id, "en")
        seen = []
        with self.captureOnCommitCallbacks(execute=True):
            while run.is_in_progress:
                page = self.client.get(run.step_url(run.current_step))
                self.assertEqual(page.status_code, 200)
                seen.append(page.content.decode())
                step = script.step(run.current_step)
                response = self.client.post(run.step_url(step.index), answer_for(step))
                self.assertEqual(response.status_code, 302, step.type)
                run.refresh_from_db()
        self.assertEqual(run.status, RunStatus.COMPLETED)
        words = " ".join(seen)
        self.assertIn("imagine the blue kitchen", words)
        self.assertIn("You might notice Robin there too", words)
        self.assertNotIn("{younger_self_name}", words)
        self.assertEqual(
            list(assignment.completions.values_list("result_ref", flat=True)), [f"run:{run.id}"]
        )

    def test_blank_placeholders_take_the_members_own_younger_self_name(self):
        from innerchild.journal.models import YoungerSelf

        YoungerSelf.objects.create(owner=self.alice, name="Lou", updated_at=timezone.now())
        assignment = self.assign()
        script = scripts_provider.provide(self.alice, assignment.play_id, "en")
        lines = " ".join(line.say for step in script.steps for line in step.lines)
        self.assertIn("You might notice Lou there too", lines)
        self.assertIn("imagine a place where you feel safe", lines)

    def test_the_form_offers_the_clients_younger_self_name_only_when_shared(self):
        from innerchild.audit.models import AuditEvent
        from innerchild.care.models import Share, ShareKind
        from innerchild.journal.models import YoungerSelf

        YoungerSelf.objects.create(owner=self.alice, name="Lou", updated_at=timezone.now())
        self.login(self.fay)
        url = reverse("care:assignment_new", args=[self.link.id])
        self.assertNotContains(self.client.get(url), 'value="Lou"')
        Share.objects.create(link=self.link, kind=ShareKind.YOUNGER_SELF, granted_at=timezone.now())
        self.assertContains(self.client.get(url), 'value="Lou"')
        self.assertTrue(
            AuditEvent.objects.filter(
                event="facilitator_read", actor=self.fay, target_kind="younger_self"
            ).exists()
        )

    def test_what_the_facilitator_typed_is_stored_encrypted(self):
        self.assign(safe_place="the blue kitchen")
        self.assertNotIn(
            "blue kitchen", " ".join(raw_column_values("care_assignment", "personalisation"))
        )
        stored = json.loads(Assignment.objects.get().personalisation)
        self.assertEqual(stored, {"safe_place": "the blue kitchen"})

    def test_the_facilitator_sees_how_it_reads_for_the_client(self):
        assignment = self.assign(safe_place="the blue kitchen")
        page = self.client.get(reverse("care:assignment", args=[self.link.id, assignment.id]))
        self.assertContains(page, "If it feels right, imagine the blue kitchen.")

    def test_another_member_cannot_play_it(self):
        assignment = self.assign()
        self.login(self.bob)
        self.assertEqual(self.client.get(guide.start_url(assignment.play_id)).status_code, 404)
        start = reverse("guide:start", args=[assignment.play_id])
        self.assertEqual(self.client.post(start).status_code, 404)

    def test_once_the_link_ends_the_session_closes_but_a_finished_one_stays_readable(self):
        assignment = self.assign()
        self.login(self.alice)
        self.client.post(reverse("guide:start", args=[assignment.play_id]))
        run = SessionRun.objects.get(owner=self.alice)
        finished = SessionRun.objects.create(
            owner=self.alice,
            script_id=assignment.play_id,
            script_title="A visit",
            language="en",
            intensity="gentle",
            step_count=8,
            status=RunStatus.COMPLETED,
            started_at=timezone.now(),
            ended_at=timezone.now(),
        )
        CareLink.objects.filter(id=self.link.id).update(ended_at=timezone.now())
        self.assertEqual(self.client.get(guide.start_url(assignment.play_id)).status_code, 404)
        self.assertEqual(self.client.get(run.step_url(0)).status_code, 404)
        self.assertEqual(self.client.get(finished.get_absolute_url()).status_code, 200)

    def test_a_deep_own_script_stays_behind_the_gate_for_an_adolescent(self):
        deep = own_script(self.fay, STARTER.replace("intensity: gentle", "intensity: deep"))
        teen_link = CareLink.objects.create(
            facilitator=self.fay, member=self.tess, started_at=timezone.now()
        )
        assignment = self.assign(link=teen_link, own=deep)
        self.login(self.tess)
        response = self.client.post(reverse("guide:start", args=[assignment.play_id]))
        self.assertEqual(response.status_code, 409)
        self.assertFalse(SessionRun.objects.filter(owner=self.tess).exists())

    def test_a_facilitator_who_deletes_their_account_takes_their_scripts_and_assignments(self):
        self.assign()
        self.fay.delete()
        self.assertFalse(FacilitatorScript.objects.exists())
        self.assertFalse(Assignment.objects.exists())

    def test_a_shipped_session_assigned_is_played_as_usual(self):
        now = timezone.now()
        assignment = Assignment.objects.create(
            link=self.link,
            kind=AssignmentKind.SCRIPT,
            target="safe-place",
            title="Safe place",
            due_at=now + timedelta(days=1),
            created_at=now,
            opens_at=now,
        )
        self.assertEqual(assignment.play_id, "safe-place")
        self.assertIsNone(scripts_provider.provide(self.alice, "safe-place", "en"))
