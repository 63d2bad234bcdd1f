import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.journal import actions, photos
from innerchild.journal.models import Affirmation, YoungerSelf
from innerchild.journal.tests.helpers import write_trigger
from innerchild.safety import api as safety_api
from innerchild.safety.models import RiskEvent

# Danger from someone else happening now (ongoing abuse that is not happening now is `watch`).
URGENT = "He is hitting me right now and I am locked in the bathroom"


def jpeg_with_exif(size=(2400, 1200)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


class YoungerSelfTests(InnerchildTestCase):
    url = reverse("journal:younger_self")

    def test_it_saves_the_profile_encrypted(self):
        self.login(self.alice)
        response = self.client.post(
            self.url,
            {
                "name": "Ally-bean",
                "ages": "6 to 8",
                "needed": "Patience",
                "comforting_words": "You are enough",
            },
        )
        self.assertRedirects(response, self.url)
        self.assertContains(self.client.get(self.url), "Ally-bean")
        self.assertNotIn("Ally-bean", str(raw_column_values("journal_youngerself", "name")))

    def test_urgent_words_in_the_profile_are_kept_and_lead_to_the_crisis_screen(self):
        self.login(self.alice)
        response = self.client.post(
            self.url, {"name": "Little me", "needed": "Safety", "comforting_words": URGENT}
        )
        self.assertRedirects(
            response, safety_api.crisis_url(next_url=self.url), fetch_redirect_response=False
        )
        event = RiskEvent.objects.get(user=self.alice)
        self.assertEqual(event.level, "urgent")
        self.assertTrue(event.source.startswith("journal-younger-self:"))
        self.assertEqual(YoungerSelf.objects.get(owner=self.alice).comforting_words, URGENT)

    def test_gentle_words_in_the_profile_raise_nothing(self):
        self.login(self.alice)
        self.client.post(self.url, {"name": "Little me", "needed": "Someone to listen"})
        self.assertFalse(RiskEvent.objects.exists())

    def test_a_refused_photo_keeps_my_saved_profile_in_the_form(self):
        actions.do_save_younger_self(
            self.alice, name="Ally-bean", ages="6", needed="Patience", comforting_words="Enough"
        )
        self.login(self.alice)
        response = self.client.post(
            reverse("journal:upload_photo"),
            {"photo": SimpleUploadedFile("me.jpg", b"not a photo")},
        )
        self.assertEqual(response.status_code, 422)
        form = response.context["form"]
        self.assertEqual(form["name"].value(), "Ally-bean")
        self.assertEqual(form["needed"].value(), "Patience")
        self.assertContains(response, 'value="Ally-bean"', status_code=422)

    def test_it_rejects_overlong_text_and_keeps_it(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"name": "Kept", "needed": "x" * 5001})
        self.assertContains(response, "5000 characters", status_code=422)
        self.assertContains(response, 'value="Kept"', status_code=422)


class PhotoTests(InnerchildTestCase):
    upload_url = reverse("journal:upload_photo")

    def upload(self, content, name="me.jpg"):
        return self.client.post(self.upload_url, {"photo": SimpleUploadedFile(name, content)})

    def test_it_strips_exif_resizes_and_stores_it_encrypted(self):
        self.login(self.alice)
        original = jpeg_with_exif()
        response = self.upload(original)
        self.assertRedirects(response, reverse("journal:younger_self"))
        profile = YoungerSelf.objects.get(owner=self.alice)
        stored = bytes(profile.photo)
        self.assertNotIn(b"SecretCameraMaker", stored)
        with Image.open(io.BytesIO(stored)) as image:
            self.assertEqual(image.size, (1600, 800))
            self.assertFalse(image.getexif())
        raw = bytes(raw_column_values("journal_youngerself", "photo")[0])
        self.assertNotIn(b"JFIF", raw)
        self.assertTrue(raw.startswith(b"gAAAAA"))

    def test_it_is_served_only_to_me_and_never_cached(self):
        self.login(self.alice)
        self.upload(jpeg_with_exif((40, 40)))
        url = reverse("journal:younger_self_photo", args=[YoungerSelf.objects.get().id])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.login(self.bob)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_refuses_a_file_that_is_not_an_image_whatever_its_name(self):
        self.login(self.alice)
        response = self.upload(b"%PDF-1.4 not a photo", name="photo.jpg")
        self.assertContains(response, "not a photo we can read", status_code=422)
        self.assertFalse(YoungerSelf.objects.exists())

    def test_it_refuses_a_photo_over_the_limit_naming_it(self):
        self.login(self.alice)
        response = self.upload(b"\xff\xd8" + b"0" * (photos.MAX_UPLOAD_BYTES + 1))
        self.assertContains(response, "the limit is 8 MB", status_code=422)

    def test_a_request_far_over_the_limit_is_refused_naming_it(self):
        self.login(self.alice)
        response = self.upload(b"\xff\xd8" + b"0" * (photos.MAX_UPLOAD_BYTES + 200_000))
        self.assertContains(response, "the limit is 8 MB", status_code=422)
        self.assertFalse(YoungerSelf.objects.exists())

    def test_it_can_be_removed(self):
        self.login(self.alice)
        self.upload(jpeg_with_exif((40, 40)))
        self.client.post(reverse("journal:remove_photo"))
        self.assertIsNone(YoungerSelf.objects.get().photo)


class AffirmationTests(InnerchildTestCase):
    url = reverse("journal:affirmations")

    def test_i_can_add_and_remove_my_own_affirmations(self):
        self.login(self.alice)
        self.assertRedirects(
            self.client.post(self.url, {"text": "I am allowed to rest."}), self.url
        )
        self.assertContains(self.client.get(self.url), "I am allowed to rest.")
        affirmation = Affirmation.objects.get()
        self.client.post(reverse("journal:delete_affirmation", args=[affirmation.id]))
        self.assertFalse(Affirmation.objects.exists())

    def test_urgent_words_in_an_affirmation_are_kept_and_lead_to_the_crisis_screen(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"text": "I want to kill myself tonight"})
        self.assertRedirects(
            response, safety_api.crisis_url(next_url=self.url), fetch_redirect_response=False
        )
        event = RiskEvent.objects.get(user=self.alice)
        self.assertEqual(event.level, "urgent")
        self.assertEqual(event.source, f"journal-affirmation:{Affirmation.objects.get().id}")
        self.assertEqual(Affirmation.objects.get().text, "I want to kill myself tonight")

    def test_a_kind_affirmation_raises_nothing(self):
        self.login(self.alice)
        self.client.post(self.url, {"text": "I am allowed to rest."})
        self.assertFalse(RiskEvent.objects.exists())

    def test_an_empty_affirmation_is_refused(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url, {"text": ""}).status_code, 422)

    def test_one_is_shown_on_the_dashboard_with_todays_prompt(self):
        actions.do_add_affirmation(self.alice, "My feelings make sense.")
        self.login(self.alice)
        response = self.client.get(reverse("core:dashboard"))
        self.assertContains(response, "My feelings make sense.")
        from innerchild.journal.prompting import prompt_for_today

        self.assertContains(response, prompt_for_today(self.alice).text)


class TriggersOverTimeTests(InnerchildTestCase):
    url = reverse("journal:triggers")

    def test_it_shows_triggers_by_need_with_a_table_and_chart_data(self):
        write_trigger(self.alice, intensity=8, need="comfort")
        write_trigger(self.alice, intensity=4, need="comfort")
        write_trigger(self.alice, intensity=3, need="play")
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(
            response, '<th scope="row">Comfort</th><td>2</td><td>6.0</td>', html=True
        )
        self.assertContains(response, 'id="trigger-chart-data"')
        self.assertContains(response, "vendor/chart.umd.min.js")

    def test_it_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        write_trigger(self.alice)
        with self.assertNumQueries(2):
            self.client.get(self.url)
        for _ in range(10):
            write_trigger(self.alice)
        with self.assertNumQueries(2):
            self.client.get(self.url)

    def test_it_shows_only_my_triggers(self):
        write_trigger(self.bob, need="protection")
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "No trigger logs yet")
