"""Content text escaped into paragraph markup."""

from __future__ import annotations

from inspiratiekaart.content.inline import parse_inline
from inspiratiekaart.render import markup

SOURCE = "Zie <b>&amp; [de gids](https://e.org/a?b=1&c=2) over *naïeve* ruïnes"


def rendered() -> tuple[str, str]:
    return (markup.rich_markup(parse_inline(SOURCE), "#123456", lambda link: 7),
            markup.label("qr_caption", number=7, address="e.org/a"))


def test_content_text_is_escaped_and_links_are_marked_up():
    text, _ = rendered()
    assert "&lt;b&gt;&amp;amp;" in text
    assert 'href="https://e.org/a?b=1&amp;c=2"' in text
    assert "<i>naïeve</i>" in text
