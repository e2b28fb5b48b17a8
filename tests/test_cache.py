"""The one cache store: entries kept whole or not at all, merged across processes, capped."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from inspiratiekaart.cache import Store, digest

ENTRIES = {"beta": [2, 3], "alfa": [1], "gamma": []}


def valid(key: str, value: object) -> bool:
    return isinstance(value, list) and all(type(item) is int for item in value)


def make_store(source: str = "test 1.0", max_entries: int = 100,
               max_bytes: int = 10_000) -> Store:
    return Store("test", "entries", source, valid, max_entries, max_bytes)


def test_saved_entries_are_read_back_by_another_store(cache):
    make_store().save(ENTRIES)
    assert make_store().read() == ENTRIES
    assert make_store().get("beta") == [2, 3] and make_store().get("delta") is None


def test_the_same_entries_give_the_same_bytes(cache, tmp_path, monkeypatch):
    store = make_store()
    store.save(ENTRIES)
    first = store.file().read_bytes()
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", str(tmp_path / "other"))
    make_store().save(dict(reversed(ENTRIES.items())))
    assert make_store().file().read_bytes() == first


def test_the_digest_is_sha256_of_the_parts_one_after_the_other():
    assert digest(b"ab", memoryview(b"c")) == digest(b"abc") == hashlib.sha256(b"abc").hexdigest()
    assert digest() == hashlib.sha256().hexdigest()


def test_a_file_is_checked_by_the_digest_of_its_entries(cache):
    store = make_store()
    header, _, body = store.encode(ENTRIES).partition(b"\n")
    assert json.loads(header)["sha256"] == digest(body)


def test_what_a_process_learns_is_taken_once(cache):
    store = make_store()
    store.put("alfa", [1])
    assert store.get("alfa") == [1]
    assert store.take_learnt() == {"alfa": [1]} and store.take_learnt() == {}
    assert not store.file().exists()  # written only when saved


def damaged(good: bytes, damage: str) -> bytes:
    """``good`` (a store's file) damaged as ``damage`` says."""
    head, _, body = good.partition(b"\n")
    header = json.loads(head)
    if damage == "empty":
        return b""
    if damage == "not json":
        return b"not json\nat all"
    if damage == "truncated":
        return good[:-5]
    if damage == "one byte changed":
        return head + b"\n" + body.replace(b"2", b"7", 1)
    if damage in ("other source", "other format"):
        header["source" if damage == "other source" else "format"] = "elsewhere"
        return json.dumps(header).encode() + b"\n" + body
    if damage == "body not an object":
        return make_store().encode({}).replace(b"{}", b"[]")  # checksum of "{}", body "[]"
    raise ValueError(damage)


@pytest.mark.parametrize("damage", ["empty", "not json", "truncated", "one byte changed",
                                    "other source", "other format", "body not an object"])
def test_a_damaged_file_is_ignored_and_rebuilt(cache, damage):
    store = make_store()
    store.save(ENTRIES)
    path = store.file()
    path.write_bytes(damaged(path.read_bytes(), damage))
    fresh = make_store()
    assert fresh.read() == {} and fresh.get("alfa") is None
    fresh.save({"alfa": [1]})
    assert make_store().read() == {"alfa": [1]}


def test_an_entry_the_cache_would_not_write_makes_the_whole_file_ignored(cache):
    permissive = Store("test", "entries", "test 1.0", lambda key, value: True, 100, 10_000)
    permissive.save({**ENTRIES, "delta": "not a list"})
    assert permissive.read()["delta"] == "not a list"
    assert make_store().read() == {}


def test_a_file_larger_than_the_cap_is_not_read(cache):
    store = make_store(max_bytes=1024 * 1024)
    path = store.file()
    path.parent.mkdir(parents=True)
    with open(path, "wb") as sparse:  # 3 GB on paper, no blocks on disk
        sparse.truncate(3 * 1024 ** 3)
    started = time.perf_counter()
    assert store.get("alfa") is None
    assert time.perf_counter() - started < 5
    store.save({"alfa": [1]})
    assert path.stat().st_size < 1000 and make_store().read() == {"alfa": [1]}


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_something_other_than_a_file_is_ignored(cache, kind):
    store = make_store()
    path = store.file()
    path.parent.mkdir(parents=True)
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    assert store.read() == {}  # a FIFO would block a plain read for ever
    store.save({"alfa": [1]})  # a FIFO is replaced; a folder cannot be: no cache then
    assert store.read() == ({"alfa": [1]} if kind == "fifo" else {})


def test_over_the_entry_cap_the_new_entries_are_kept_first(cache):
    make_store().save({f"old{n}": [n] for n in range(3)})
    make_store(max_entries=4).save({f"new{n}": [n] for n in range(3)})
    kept = make_store().read()
    assert len(kept) == 4 and {"new0", "new1", "new2"} <= set(kept)
    make_store(max_entries=2).save({f"new{n}": [n] for n in range(3)})
    assert make_store().read() == {"new0": [0], "new1": [1]}


def test_over_the_byte_cap_the_file_stays_under_it(cache):
    store = make_store(max_bytes=2_000)
    store.save({f"word{n:04}": list(range(1, 40)) for n in range(100)})
    size = store.file().stat().st_size
    kept = store.read()
    assert size <= 2_000 and 0 < len(kept) < 100
    assert all(value == list(range(1, 40)) for value in kept.values())


def save_one_by_one(keys: list[str]) -> None:
    store = make_store(max_entries=1000, max_bytes=100_000)
    for key in keys:
        store.save({key: [len(key)]})


def test_processes_saving_at_once_lose_nothing(cache):
    keys = [[f"p{process}-{n}" for n in range(40)] for process in range(4)]
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=save_one_by_one, args=(part,)) for part in keys]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    saved = make_store(max_entries=1000, max_bytes=100_000).read()
    assert set(saved) == {key for part in keys for key in part}


def test_a_forgetful_store_reads_its_file_again(cache):
    store = make_store()
    store.save({"alfa": [1]})
    make_store().save({"beta": [2]})
    assert store.get("beta") is None
    store.forget()
    assert store.get("beta") == [2] and store.get("alfa") == [1]


def test_the_memory_follows_the_cache_folder(cache, tmp_path, monkeypatch):
    store = make_store()
    store.save({"alfa": [1]})
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", str(tmp_path / "elsewhere"))
    assert store.get("alfa") is None
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", str(cache))
    assert store.get("alfa") == [1]


def test_with_caching_off_nothing_is_written(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", "")
    monkeypatch.chdir(tmp_path)
    store = make_store()
    assert store.file() is None
    store.put("alfa", [1])
    store.save(store.take_learnt())
    assert store.get("alfa") == [1] and not list(tmp_path.rglob("*"))
