"""Reading content files: only ordinary files inside the folder, and texts a comment cut."""

from __future__ import annotations

import os
import signal
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspiratiekaart.content import limits
from inspiratiekaart.content.problems import Problems
from inspiratiekaart.content.yamlfile import Node, read_content_bytes, read_yaml

SECRET = "S3CR3T-TOKEN-4f9a2c"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "themes").mkdir(parents=True)
    return content


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging when a read blocks."""
    def expired(signum, frame):
        raise TimeoutError("the read blocked")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def read(path: Path, folder: Path) -> tuple[bytes | None, list[str]]:
    problems = Problems()
    data = read_content_bytes(path, folder, problems)
    return data, [str(p) for p in problems.items]


def test_an_ordinary_file_and_a_link_within_the_folder_are_read(folder):
    (folder / "themes" / "a.yaml").write_text("id: a\n")
    (folder / "themes" / "b.yaml").symlink_to(folder / "themes" / "a.yaml")
    assert read(folder / "themes" / "a.yaml", folder) == (b"id: a\n", [])
    assert read(folder / "themes" / "b.yaml", folder) == (b"id: a\n", [])


def test_a_link_out_of_the_folder_is_refused_and_its_target_never_quoted(folder, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    link = folder / "themes" / "x.yaml"
    link.symlink_to(secret)
    data, problems = read(link, folder)
    assert data is None
    assert problems == [f"{link}: is a link to something outside the content folder, which "
                        "is not read; copy the file into the folder instead"]
    assert SECRET not in problems[0] and str(secret) not in problems[0]


def test_a_link_to_dev_zero_is_refused_before_anything_is_read(folder, alarm):
    link = folder / "themes" / "zero.yaml"
    link.symlink_to("/dev/zero")
    data, problems = read(link, folder)
    assert data is None and "outside the content folder" in problems[0]


def test_a_fifo_is_refused_without_waiting_for_a_writer(folder, alarm):
    fifo = folder / "themes" / "x.yaml"
    os.mkfifo(fifo)
    data, problems = read(fifo, folder)
    assert data is None
    assert problems == [f"{fifo}: is a named pipe (FIFO), not a file, and is not read; remove "
                        "it (content is read only from ordinary files)"]


def test_a_socket_and_a_folder_are_named_as_what_they_are(folder, alarm):
    sock = folder / "themes" / "s.yaml"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(sock))
        (folder / "themes" / "d.yaml").mkdir()
        assert "is a socket, not a file" in read(sock, folder)[1][0]
        assert "is a folder, not a file" in read(folder / "themes" / "d.yaml", folder)[1][0]


def test_a_link_to_nothing_cannot_be_read(folder):
    link = folder / "themes" / "x.yaml"
    link.symlink_to(folder / "themes" / "missing.yaml")
    assert read(link, folder)[1] == [f"{link}: cannot be read: No such file or directory"]


def test_a_file_over_the_size_limit_is_refused_naming_the_line_where_it_is_over(folder):
    line = "- " + "x" * 97 + "\n"
    path = folder / "themes" / "big.yaml"
    path.write_text(line * (limits.FILE_BYTES.value // 100 + 50))
    data, problems = read(path, folder)
    assert data is None
    over = limits.FILE_BYTES.value // 100 + 1
    assert problems[0].startswith(f"{path}:{over}: is {path.stat().st_size:,} bytes long")


# comments ----------------------------------------------------------------------------------
def node_at(text: str, *keys: str | int, folder: Path) -> Node:
    path = folder / "themes" / "x.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    node = read_yaml(path, problems, folder)
    assert not problems, problems.items
    for key in keys:
        node = node.value[key]
    return node


@pytest.mark.parametrize("text, keys, where, line", [
    ("a: Een meldpunt #MeToo hier\n", ("a",), "after", 1),
    ("a: Een meldpunt\t#MeToo hier\n", ("a",), "after", 1),
    ("a:\n  - één #x\n", ("a", 0), "after", 2),
    ("a: Een lange tekst\n  over twee regels # en een staart\n", ("a",), "after", 2),
    ("a: Een tekst\n  #MeToo binnen\nb: 1\n", ("a",), "below", 2),
    ("a: Een tekst\n\n   # na een witregel\nb: 1\n", ("a",), "below", 3),
    ("l:\n  - Tekst\n   # dieper dan het streepje\n", ("l", 0), "below", 3),
    ("a: # alleen commentaar\n", ("a",), "instead", 1),
])
def test_a_comment_that_cuts_a_plain_text_is_kept_on_its_node(folder, text, keys, where, line):
    comment = node_at(text, *keys, folder=folder).comment
    assert comment is not None and (comment.where, comment.line) == (where, line)


@pytest.mark.parametrize("text, keys", [
    ("# een regel commentaar\na: Tekst\n", ("a",)),
    ("a: Tekst\n# op een eigen regel\nb: 1\n", ("a",)),
    ("b:\n  a: Tekst\n  # in de kolom van de sleutels\n  c: 1\n", ("b", "a")),
    ("l:\n  - Tekst\n  # in de kolom van het streepje\n  - Meer\n", ("l", 0)),
    ("a: 'Tekst #1' # na aanhalingstekens\n", ("a",)),
    ('a: "Tekst" # na aanhalingstekens\n', ("a",)),
    ("a: [po, vo] # na een lijst\n", ("a", 1)),
    ("a: |  # na het teken van een tekstblok\n  Tekst #1\n", ("a",)),
    ("a: Tekst#1 zonder spatie ervoor\n", ("a",)),
    ("a: https://example.org/#anker\n", ("a",)),
])
def test_comments_that_cut_no_text_are_not_kept(folder, text, keys):
    assert node_at(text, *keys, folder=folder).comment is None


@pytest.mark.parametrize("value, start", [
    ('"Zorg" is een werkwoord.', "'\"'"), ("'Zorg' is het", '"\'"'), ("[PO] lees dit", "'['"),
    ("{x} is goed", "'{'"), ("@school is goed", "'@'"), ("`code` is goed", "'`'"),
    ("%50 korting", "'%'"), ("| is goed", "'|'"), ("!belangrijk! lees", "'!'"),
])
def test_a_text_that_starts_with_a_yaml_indicator_is_told_to_be_quoted(folder, value, start):
    path = folder / "themes" / "x.yaml"
    for text in (f"text: {value}\nx: 1\n", f"items:\n  - {value}\n  - b\n"):
        path.write_text(text, encoding="utf-8")
        problems = Problems()
        assert read_yaml(path, problems, folder) is None
        (problem,) = problems.items
        assert f"this text starts with {start}" in problem.message
        assert "put the whole text in quotes" in problem.message


def test_a_device_in_the_folder_is_refused_without_being_opened(folder, alarm):
    device = folder / "themes" / "zero.yaml"
    try:
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
    except PermissionError:
        pytest.skip("creating a device needs root (CI runs as root)")
    data, problems = read(device, folder)
    assert data is None and "is a device, not a file, and is not read" in problems[0]


def test_a_key_without_its_colon_is_named_on_its_own_line(folder):
    path = folder / "themes" / "x.yaml"
    path.write_text("id: x\ntitle: Titel\npillar beleid\norder: 110\n", encoding="utf-8")
    problems = Problems()
    assert read_yaml(path, problems, folder) is None
    (problem,) = problems.items
    assert problem.line == 3, problem
    assert "could not find expected ':'" in problem.message
