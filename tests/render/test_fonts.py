"""The committed fonts: what they can print is what a text may hold."""

from __future__ import annotations

from inspiratiekaart.layout import LAYOUTS_DIR, load_layout
from inspiratiekaart.layout.schema import FILES
from inspiratiekaart.render.fonts import printable_characters


def strings_in(value) -> list[str]:
    """Every string of a layout's settings, at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in strings_in(item)]
    return []


def test_every_face_prints_dutch_and_its_punctuation_and_no_emoji():
    printable = printable_characters()
    for char in "AZaz09éëïöüèàçÉË€–—‘’“”…•·°×½":
        assert ord(char) in printable, char
    for char in "😀日☃":
        assert ord(char) not in printable, char


def test_every_character_the_layouts_print_is_in_every_face():
    """The wording, bullets and marks of layouts/ never fall out of the page."""
    printable = printable_characters()
    assert {name for name in FILES if (LAYOUTS_DIR / f"{name}.yaml").is_file()} == set(FILES)
    for name in FILES:
        for text in strings_in(load_layout(name)):
            assert all(ord(char) in printable for char in text), (name, text)
