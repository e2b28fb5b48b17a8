"""The committed fonts: what they can print is what a text may hold."""

from __future__ import annotations

from inspiratiekaart.render.fonts import printable_characters


def test_every_face_prints_dutch_and_its_punctuation_and_no_emoji():
    printable = printable_characters()
    for char in "AZaz09éëïöüèàçÉË€–—‘’“”…•·°×½":
        assert ord(char) in printable, char
    for char in "😀日☃":
        assert ord(char) not in printable, char

