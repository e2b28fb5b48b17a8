"""Block treatments: the one table the renderers use, and the names layouts may give."""

from __future__ import annotations

from inspiratiekaart.layout import schema
from inspiratiekaart.render.blocks import TREATMENTS


def test_layouts_may_name_exactly_the_treatments_the_renderer_has():
    assert set(schema.TREATMENTS) == set(TREATMENTS)
