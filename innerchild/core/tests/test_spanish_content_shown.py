"""A Spanish speaker sees content in Spanish: signs, feelings, needs, prompts, questionnaires,
crisis-line text; English speakers keep English."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from innerchild.assessments.instruments import all_instruments, get_instrument
from innerchild.core.signs import all_signs, get_sign
from innerchild.core.testing import InnerchildTestCase
from innerchild.journal import vocab
from innerchild.safety.lines import lines_for


class ContentLanguageTests(SimpleTestCase):
    def setUp(self):
        # Another test's request may have left its language active in this thread.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_signs_follow_the_active_language(self):
        with translation.override("es"):
            self.assertEqual(get_sign("loneliness").short, "Soledad y vacío")
        self.assertEqual(get_sign("loneliness").short, "Loneliness and emptiness")

    def test_the_feeling_close_is_a_feeling_in_spanish_not_a_button(self):
        with translation.override("es"):
            close, family = vocab.feeling_index()["close"]
            self.assertEqual(close.label, "Unido/a")
            self.assertEqual(family.label, "Conectado/a")
        self.assertEqual(vocab.feeling_index()["close"][0].label, "Close")

    def test_spanish_families_keep_the_words_the_insights_count(self):
        self.assertEqual(vocab.families("es")[0].words, vocab.families("en")[0].words)

    def test_needs_and_prompts_follow_the_active_language(self):
        with translation.override("es"):
            self.assertEqual(vocab.need_label("comfort"), "Consuelo")
            self.assertTrue(
                vocab.prompt_index()["stress_inventory"].text.startswith("¿Qué te pesa")
            )
        self.assertEqual(vocab.need_label("comfort"), "Comfort")

    def test_a_regional_language_code_gets_the_spanish_content(self):
        with translation.override("es-mx"):
            self.assertEqual(get_sign("stress").short, "Afrontar el estrés")

    def test_an_unknown_language_gets_english(self):
        self.assertEqual(all_signs("fr")[0].short, "Feeling not good enough")

    def test_questionnaires_follow_the_active_language(self):
        with translation.override("es"):
            phq9 = get_instrument("phq9")
            self.assertEqual(phq9.items[0].options[0].label, "Ningún día")
            self.assertIn("Pfizer", phq9.citation)
            self.assertIn("Diez-Quevedo", phq9.citation)
        self.assertEqual(get_instrument("phq9").items[0].options[0].label, "Not at all")

    def test_a_spanish_questionnaire_scores_like_the_english_one(self):
        english, spanish = all_instruments("en"), all_instruments("es")
        self.assertEqual(english.keys(), spanish.keys())
        for instrument_id, instrument in english.items():
            other = spanish[instrument_id]
            self.assertEqual([i.id for i in instrument.items], [i.id for i in other.items])
            self.assertEqual(
                [i.reverse for i in instrument.items], [i.reverse for i in other.items]
            )
            self.assertEqual([b.when for b in instrument.bands], [b.when for b in other.bands])
            self.assertEqual(
                [i.allowed_values for i in instrument.items],
                [i.allowed_values for i in other.items],
            )

    def test_instruments_without_a_spanish_version_carry_a_note_in_spanish(self):
        for instrument_id in ("ace", "pcl5", "ecr_rs", "scs_sf"):
            with translation.override("es"):
                instrument = get_instrument(instrument_id)
            self.assertIn("inglés", instrument.language_note)
            self.assertEqual(instrument.items, get_instrument(instrument_id).items)
            self.assertEqual(get_instrument(instrument_id).language_note, "")

    def test_the_international_directory_is_described_in_spanish(self):
        with translation.override("es"):
            self.assertIn("directorio gratuito", lines_for(None).international["description"])
        self.assertIn("free directory", lines_for(None).international["description"])


class SpanishPagesTests(InnerchildTestCase):
    def setUp(self):
        self.alice.language = "es"
        self.alice.save(update_fields=["language"])
        self.login(self.alice)

    def test_the_entry_form_names_feelings_in_spanish(self):
        response = self.client.get("/journal/new/")
        self.assertContains(response, "Unido/a")
        self.assertContains(response, "Con el corazón roto")
        self.assertNotContains(response, ">Cerrar<")
        self.assertNotContains(response, "Heartbroken")

    def test_the_prompt_library_is_in_spanish(self):
        response = self.client.get("/journal/prompts/")
        self.assertContains(response, "¿Qué te pesa ahora mismo?")
        self.assertNotContains(response, "What is weighing on you right now?")

    def test_the_phq9_is_offered_in_its_published_spanish_version(self):
        response = self.client.get("/assessments/phq9/")
        self.assertContains(response, "Cuestionario sobre la salud del paciente (PHQ-9)")
        self.assertContains(response, "No se requiere permiso")

    def test_an_english_only_questionnaire_says_so_in_spanish(self):
        response = self.client.get("/assessments/pcl5/")
        self.assertContains(response, "solo está disponible en inglés")
        self.assertContains(
            response, '<h1 lang="en">PTSD Checklist for DSM-5 (PCL-5)</h1>', html=True
        )

    def test_english_questions_are_marked_as_english_for_screen_readers(self):
        response = self.client.post("/assessments/pcl5/", follow=True)
        self.assertContains(response, '<div lang="en">')
        self.assertContains(response, "Repeated, disturbing, and unwanted memories")

    def test_spanish_questions_are_not_marked_as_english(self):
        response = self.client.post("/assessments/phq9/", follow=True)
        self.assertContains(response, "Poco interés o placer en hacer cosas")
        self.assertNotContains(response, 'lang="en"')

    def test_a_spanish_facilitator_starts_a_script_from_a_spanish_example(self):
        self.fay.language = "es"
        self.fay.save(update_fields=["language"])
        self.login(self.fay)
        response = self.client.get("/care/scripts/new/")
        self.assertContains(response, "title: Una visita al lugar seguro")
        self.assertNotContains(response, "A visit to the safe place")

    def test_the_spanish_example_script_passes_the_checks(self):
        from django.template.loader import render_to_string

        from innerchild.guide import api as guide_api

        source = render_to_string("care/scripts/starter.es.yaml")
        script, problems = guide_api.validate_script_source(source, "es")
        self.assertEqual(problems, [])
        english = guide_api.validate_script_source(
            render_to_string("care/scripts/starter.yaml"), "en"
        )[0]
        self.assertEqual([s.type for s in script.steps], [s.type for s in english.steps])

    def test_dates_written_out_read_as_spanish_dates(self):
        import datetime

        import time_machine

        from innerchild.safety.models import SafetyPlan

        with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)):
            SafetyPlan.objects.create(user=self.alice, reasons_for_living="Mi gata.")
        response = self.client.get("/safety/plan/")
        self.assertContains(response, "25 de noviembre de 2026")
        self.assertNotContains(response, "25 noviembre 2026")

    def test_a_calendar_feed_speaks_its_owners_language_whoever_fetches_it(self):
        from innerchild.care.actions.bookings import do_reset_calendar_feed

        self.fay.language = "es"
        self.fay.save(update_fields=["language"])
        token = do_reset_calendar_feed(self.fay)
        self.client.logout()
        response = self.client.get(f"/care/schedule/feed/{token}.ics", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Sesiones de innerchild")
