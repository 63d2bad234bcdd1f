"""Distress gating in a facilitator-paced room: Next step while a member's latest rating is at or
above the threshold shows the facilitator a clear prompt and goes on only when pressed again."""

from __future__ import annotations

from django.test import TransactionTestCase, override_settings

from innerchild.live.tests.helpers import enter_both, make_cast


class NextStepWhileDistressIsHighTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def start(self, *ratings: int):
        fay, alice = await enter_both(self)
        await fay.send("script.pick", script="safe-place")
        await fay.wait_for("script")
        await alice.wait_for("script")
        for rating in ratings:
            await alice.send("checkin", rating=rating)
            await fay.wait_for("checkin")
        return fay, alice

    async def test_next_step_with_a_high_rating_shows_a_prompt_and_stays(self):
        fay, alice = await self.start(9)
        await fay.send("script.step", step=1)
        message = (await fay.wait_for("step_check"))["message"]
        self.assertIn("Alice is at 9 (threshold 8)", message)
        self.assertIn("should not go deeper now", message)
        await fay.send("sync")
        self.assertEqual((await fay.wait_for("state"))["script"]["step"], 0)
        await fay.close()
        await alice.close()

    async def test_pressing_next_step_again_goes_on(self):
        fay, alice = await self.start(9)
        await fay.send("script.step", step=1)
        await fay.wait_for("step_check")
        await fay.send("script.step", step=1, confirm=True)
        self.assertEqual((await alice.wait_for("script"))["script"]["step"], 1)
        await fay.close()
        await alice.close()

    async def test_a_rating_that_eased_below_the_threshold_goes_on_at_once(self):
        fay, alice = await self.start(9, 4)
        await fay.send("script.step", step=1)
        self.assertEqual((await alice.wait_for("script"))["script"]["step"], 1)
        await fay.close()
        await alice.close()

    @override_settings(DISTRESS_PAUSE_AT=7)
    async def test_an_eight_with_a_threshold_of_seven_needs_the_second_press(self):
        fay, alice = await self.start(8)
        await fay.send("script.step", step=1)
        self.assertIn("Alice is at 8 (threshold 7)", (await fay.wait_for("step_check"))["message"])
        await fay.close()
        await alice.close()
