"""The fixed cast for care tests: alice (member) linked to fay (facilitator); bob another member,
gus a facilitator with no link, tess a 16-year-old."""

from __future__ import annotations

from django.utils import timezone

from innerchild.care.models import CareLink, Share
from innerchild.core.testing import InnerchildTestCase


class CareTestCase(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.link = CareLink.objects.create(
            facilitator=cls.fay, member=cls.alice, started_at=timezone.now()
        )

    def share(self, kind, *, link=None, item_id=None, expires_at=None) -> Share:
        return Share.objects.create(
            link=link or self.link,
            kind=kind,
            item_id=item_id,
            granted_at=timezone.now(),
            expires_at=expires_at,
        )
