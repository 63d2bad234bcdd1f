"""The guide's share of "export my data", and demo data for the demo member."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.management import call_command

from innerchild.accounts.hooks import DEMO_MEMBER
from innerchild.accounts.models import User
from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import SessionRun
from innerchild.guide.tests.helpers import start_run, walk


class ExportTests(InnerchildTestCase):
    def test_the_export_holds_sessions_with_answers_decrypted(self):
        self.login(self.alice)
        run = start_run(self.client, "meeting-your-younger-self")
        walk(self.client, run)
        response = self.client.post("/accounts/settings/data/export/")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        data = json.loads(archive.read("data.json"))
        [session] = data["guide"]["sessions"]
        self.assertEqual(session["script"], "meeting-your-younger-self")
        self.assertEqual(session["status"], "completed")
        texts = [a["text"] for a in session["answers"]]
        self.assertIn("She was about seven.", texts)


class DemoDataTests(InnerchildTestCase):
    def test_the_demo_member_gets_a_few_weeks_of_sessions_once(self):
        call_command("demo_data", stdout=io.StringIO())
        member = User.objects.get(email=DEMO_MEMBER[0])
        runs = SessionRun.objects.owned_by(member)
        count = runs.count()
        self.assertGreaterEqual(count, 10)
        span = runs.first().started_at - runs.last().started_at
        self.assertGreaterEqual(span.days, 21)
        call_command("demo_data", stdout=io.StringIO())
        self.assertEqual(SessionRun.objects.owned_by(member).count(), count)
        self.client.force_login(User.objects.get(email=DEMO_MEMBER[0]))
        response = self.client.get("/guide/history/")
        self.assertContains(response, 'id="guide-chart-data"')
