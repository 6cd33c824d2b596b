"""``--rate-limit``: one spacing shared by every thread of a run."""

from __future__ import annotations

import threading
import time

from generator.conformance.pace import Pace


def test_requests_of_many_threads_are_spaced_by_one_interval() -> None:
    pace = Pace(50.0)  # one request every 20 ms
    slots: list[float] = []
    lock = threading.Lock()

    def send() -> None:
        for _ in range(5):
            assert pace.wait()
            with lock:
                slots.append(time.monotonic())

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slots.sort()
    assert len(slots) == 20
    assert slots[-1] - slots[0] >= 19 * 0.02 - 0.005  # 20 requests: 19 intervals at least


def test_a_slot_past_the_end_is_not_taken_and_costs_no_wait() -> None:
    pace = Pace(2.0)  # one every half second
    assert pace.wait()
    started = time.monotonic()
    assert not pace.wait(end=started + 0.1)  # the next slot is 0.5 s away
    assert time.monotonic() - started < 0.1
    assert pace.wait(end=started + 1.0)  # the refused one took no slot
    assert time.monotonic() - started < 0.7
