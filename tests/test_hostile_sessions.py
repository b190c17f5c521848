"""Hostile input, part B: the shared name cache under concurrent writes (issue 19, item 6)."""

import sys
import threading

from hubscope.errors import HubscopeError


def test_names_cache_survives_concurrent_writes(store):
    """Readers resolving names while another thread writes never see a half-reset cache."""
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                store.resolve(["Japan"], ["unicorn_count"])
            except HubscopeError:
                raise
            except BaseException as e:  # a TypeError from a cache reset mid-read is the bug
                errors.append(e)
                stop.set()

    def writer():
        for _ in range(400):
            with store.write():
                pass
        stop.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so the race shows
    try:
        threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(old)
    assert errors == []


def test_names_read_during_a_write_are_not_kept_stale(store):
    """Names read while a write is open must not be cached past that write's commit."""
    from hubscope.model import Entity as E
    from hubscope.store import schema as t
    from hubscope.store.core import entity_row

    with store.write() as conn:
        store.resolve(["Japan"])  # another reader fills the cache mid-write
        conn.execute(t.entities.insert(), [entity_row(E(id="ZZT", type="country", name_en="Zedland Test",
                                                        name_ja="ゼット", aliases=("Zedland",)))])
    assert store.resolve(["Zedland"])[0] == ["ZZT"]
