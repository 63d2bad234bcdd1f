"""The childhood photo is optional: its field is not marked required, and sending the form
without a photo says what to do."""

from __future__ import annotations

from innerchild.core.testing import InnerchildTestCase


class PhotoFieldTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_the_photo_field_is_not_marked_required(self):
        response = self.client.get("/journal/younger-self/")
        self.assertContains(response, "A childhood photo (optional)")
        self.assertContains(response, '<label for="id_photo">A photo of me as a child</label>')
        self.assertNotRegex(
            response.content.decode(), r'<input type="file" name="photo"[^>]* required'
        )

    def test_sending_no_photo_asks_for_one(self):
        response = self.client.post("/journal/younger-self/photo/", {})
        self.assertContains(response, "Choose a photo to upload.", status_code=422)
