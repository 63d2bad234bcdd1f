"""Named scoring rules for what an instrument's data cannot express on its own.

A file refers to a rule by name (`when: {rule: pcl5_dsm5_pattern}`); each rule is a pure function
of the instrument, the raw answers by item id and the computed metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# DSM-5 provisional PTSD pattern: an item counts as endorsed when rated 2 ("Moderately") or
# higher; at least 1 intrusion (B), 1 avoidance (C), 2 cognition/mood (D) and 2 arousal (E) items.
PCL5_ENDORSED = 2
PCL5_CLUSTER_MINIMUMS = {"B": 1, "C": 1, "D": 2, "E": 2}


def pcl5_dsm5_pattern(instrument: Any, raw: Mapping[str, int], metrics: Mapping) -> bool:
    clusters = {subscale.id: subscale.items for subscale in instrument.subscales}
    for cluster, minimum in PCL5_CLUSTER_MINIMUMS.items():
        endorsed = sum(1 for item in clusters[cluster] if raw.get(item, 0) >= PCL5_ENDORSED)
        if endorsed < minimum:
            return False
    return True


RULES: dict[str, Callable[[Any, Mapping[str, int], Mapping], bool]] = {
    "pcl5_dsm5_pattern": pcl5_dsm5_pattern,
}
