"""The inspector's timeline (``inspect/recorder.py``): sequence ids in order, a bounded ring, filters, subscribers
that are woken and read what they missed, and the stop that ends every stream."""

import threading
import time

import pytest

from localstack_ws_ext.inspect.recorder import EventFilter, FilterError, Recorder


def event(**members) -> dict:
    return {"type": "MESSAGE", "apiId": "a1", "stage": "dev", "connectionId": "c1", "routeKey": "$default",
            "error": False, **members}  # fmt: skip


def test_sequence_ids_increase_and_events_come_back_oldest_first():
    recorder = Recorder(size=10)
    recorded = [recorder.record(event(n=n)) for n in range(5)]
    assert [e["seq"] for e in recorded] == [1, 2, 3, 4, 5]
    assert all(isinstance(e["time"], int) for e in recorded)
    events, last_seq = recorder.events()
    assert ([e["n"] for e in events], last_seq) == ([0, 1, 2, 3, 4], 5)
    events, _ = recorder.events(after=3)
    assert [e["seq"] for e in events] == [4, 5]
    events, _ = recorder.events(limit=2)
    assert [e["seq"] for e in events] == [4, 5]
    assert recorder.events(limit=0) == ([], 5)


def test_the_ring_is_bounded_and_ids_are_never_reused():
    recorder = Recorder(size=3)
    for n in range(10):
        recorder.record(event(n=n))
    events, last_seq = recorder.events()
    assert ([e["seq"] for e in events], last_seq) == ([8, 9, 10], 10)
    # what a reader that was at 2 missed: 3..7 are gone
    assert recorder.since(2) == (events, 10, 5)
    assert recorder.since(10) == ([], 10, 0)
    recorder.clear()
    assert recorder.events() == ([], 10)
    assert recorder.record(event())["seq"] == 11


def test_ordering_holds_across_threads():
    recorder = Recorder(size=100_000)

    def record_many(thread: int):
        for n in range(2000):
            recorder.record(event(thread=thread, n=n))

    threads = [threading.Thread(target=record_many, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    events, last_seq = recorder.events()
    assert last_seq == 16000
    assert [e["seq"] for e in events] == list(range(1, 16001))
    for thread in range(8):  # each thread's events in the order it recorded them
        assert [e["n"] for e in events if e["thread"] == thread] == list(range(2000))


def test_filters():
    recorder = Recorder()
    recorder.record(event(type="CONNECT", routeKey="$connect"))
    recorder.record(event(apiId="a2", connectionId="c2"))
    recorder.record(event(stage="prod", error=True, routeKey="sendmessage"))
    recorder.record(event(type="POST", routeKey=None))

    def seqs(**args) -> list[int]:
        return [e["seq"] for e in recorder.events(EventFilter.from_args(args))[0]]

    assert seqs() == [1, 2, 3, 4]
    assert seqs(api="a2") == [2]
    assert seqs(stage="prod") == [3]
    assert seqs(connection="c1") == [1, 3, 4]
    assert seqs(route="sendmessage") == [3]
    assert seqs(type="connect,post") == [1, 4]
    assert seqs(errors="true") == [3]
    assert seqs(errors="0", api="a1", stage="dev") == [1, 4]
    assert seqs(api="") == [1, 2, 3, 4]  # empty means unset


@pytest.mark.parametrize(
    "args, message",
    [
        ({"bogus": "1"}, "unknown parameter 'bogus'"),
        ({"errors": "maybe"}, "errors must be true or false"),
        ({"type": "MESSAGE,PUT"}, "unknown event type 'PUT'"),
        ({"api": "x" * 257}, "api is longer than 256 characters"),
    ],
)
def test_bad_filters_are_refused(args, message):
    with pytest.raises(FilterError) as error:
        EventFilter.from_args(args)
    assert str(error.value).startswith(message)


def test_a_subscriber_is_woken_and_reads_only_what_it_has_not_seen():
    recorder = Recorder()
    recorder.record(event(n=0))
    subscription = recorder.subscribe(EventFilter(connection="c1"))
    assert recorder.subscriber_count == 1
    assert subscription.wait(0.05) is None  # nothing new: it waits and times out
    results = []
    reader = threading.Thread(target=lambda: results.append(subscription.wait(5)))
    reader.start()
    time.sleep(0.05)
    started = time.monotonic()
    recorder.record(event(n=1))
    reader.join(5)
    assert time.monotonic() - started < 1  # woken, not timed out
    assert [[e["n"] for e in results[0][0]], results[0][1]] == [[1], 0]
    recorder.record(event(n=2, connectionId="other"))
    recorder.record(event(n=3))
    events, lost = subscription.wait(1)
    assert ([e["n"] for e in events], lost, subscription.last_seq) == ([3], 0, 4)
    subscription.close()
    assert recorder.subscriber_count == 0


def test_a_subscriber_can_resume_and_hears_of_what_the_ring_dropped():
    recorder = Recorder(size=2)
    for n in range(5):
        recorder.record(event(n=n))
    subscription = recorder.subscribe(after=1)
    events, lost = subscription.wait(1)
    assert ([e["seq"] for e in events], lost) == ([4, 5], 2)
    # an id from before a restart (ahead of this recorder) resumes from now
    assert recorder.subscribe(after=99).last_seq == 5


def test_stop_ends_every_stream_and_takes_no_new_subscriber():
    recorder = Recorder()
    subscription = recorder.subscribe()
    results = []
    reader = threading.Thread(target=lambda: results.append(subscription.wait(30)))
    reader.start()
    time.sleep(0.05)
    assert recorder.stop() == 1
    reader.join(5)
    assert results == [None] and subscription.closed
    assert recorder.subscribe().closed
    assert recorder.subscriber_count == 0


def test_connection_counters_live_from_connect_to_disconnect():
    recorder = Recorder()
    recorder.opened("c1", info="info", subprotocol="chat")
    stats = recorder.stats("c1")
    stats.frames_in += 1
    stats.bytes_in += 10
    assert stats.counters() == {"framesIn": 1, "bytesIn": 10, "framesOut": 0, "bytesOut": 0}
    assert recorder.known_connections() == {"c1": stats}
    recorder.forget_connection("c1", object())  # another connection's stats: kept
    assert recorder.closed("c1") is stats
    assert recorder.stats("c1") is None and recorder.closed("c1") is None


def test_configure_resizes_and_keeps_the_newest():
    recorder = Recorder(size=10)
    for n in range(6):
        recorder.record(event(n=n))
    recorder.configure(enabled=True, size=2, payload_bytes=0)
    assert (recorder.active, recorder.size, recorder.payload_bytes) == (True, 2, 0)
    assert [e["seq"] for e in recorder.events()[0]] == [5, 6]
