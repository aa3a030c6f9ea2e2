"""Seeded WebSocket frame cases and what the server must answer to each (RFC 6455, AWS's limits).

Frames are serialized by ``websockets.frames.Frame`` (client side: masked); what no valid frame can be (reserved
bits, reserved opcodes, fragmented or oversized control frames, non-minimal lengths, unmasked frames, bad close
payloads) is made by corrupting the bytes of a real frame.

A case (``plan(rng)``) is: a handshake (refused on purpose in a few cases), then valid traffic (text messages to a
Lambda proxy route that echoes and to a MOCK route, in one frame or in fragments with pings and pongs between
them, written in one piece or in small writes), then an ending: a protocol violation (the server closes with 1002,
1007, 1003 or 1009), a client close frame (echoed), or the TCP connection dropped (FIN or RST, maybe in the middle
of a frame). The valid traffic is either answered before the ending or still in flight (its Lambda calls running)
when the ending is sent.
"""

from __future__ import annotations

import dataclasses
import json
import random
import struct

from websockets.frames import Close, Frame, Opcode

from localstack_ws_ext import aws_limits
from localstack_ws_ext.execute_api.transport import (
    BINARY_REASON,
    FRAME_TOO_BIG_REASON,
    MESSAGE_TOO_BIG_REASON,
    NO_STATUS_REASON,
)

MAX_FRAME = aws_limits.MAX_FRAME_BYTES  # 32 KB
MAX_MESSAGE = aws_limits.MAX_MESSAGE_BYTES  # 128 KB

# RFC 6455 section 7.4 and IANA's registry; 1014 (Bad Gateway, registered later) is left out: wsproto refuses it
VALID_CLOSE_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 3000, 3999, 4000, 4999]
INVALID_CLOSE_CODES = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 0xFFFF]
RESERVED_OPCODES = [0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF]
# what a text message may select: the MOCK route, or (anything else) $default; never $connect/$disconnect
NOT_ROUTES = ["$default", "$connect", "$disconnect", "MOCK", "mock ", "", "echo", "\u00e9cho", "x" * 300]
# byte sequences Python's (and RFC 3629's) UTF-8 refuses
INVALID_UTF8 = [
    b"\xff",
    b"\xc0\x80",  # overlong NUL
    b"\xed\xa0\x80",  # a surrogate
    b"\xf4\x90\x80\x80",  # above U+10FFFF
    b"\x80",  # a lone continuation byte
    b"\xe2\x82",  # a truncated sequence (at the end of the message)
    b"\xf0\x9f\x98",
]


# --- serialization --------------------------------------------------------------------------------------------


def frame(opcode: Opcode, payload: bytes, fin: bool = True, mask: bool = True) -> bytes:
    return Frame(opcode, payload, fin=fin).serialize(mask=mask)


def corrupt_first_byte(
    data: bytes, set_bits: int = 0, clear_bits: int = 0, opcode: int | None = None
) -> bytes:
    first = (data[0] | set_bits) & ~clear_bits & 0xFF
    if opcode is not None:
        first = (first & 0xF0) | opcode
    return bytes([first]) + data[1:]


def with_length_field(data: bytes, width: int) -> bytes:
    """The masked frame ``data`` with its payload length written in ``width`` (2 or 8) bytes, however short."""
    short = data[1] & 0x7F
    offset = 2 + {126: 2, 127: 8}.get(short, 0)
    length = len(data) - offset - 4
    field = struct.pack("!BH", 0x80 | 126, length) if width == 2 else struct.pack("!BQ", 0x80 | 127, length)
    return data[:1] + field + data[offset:]


def close_frame(code: int | None, reason: bytes = b"") -> bytes:
    if code is None:
        return frame(Opcode.CLOSE, b"")
    if code in VALID_CLOSE_CODES:
        try:
            return frame(Opcode.CLOSE, Close(code, reason.decode()).serialize())
        except UnicodeDecodeError:
            pass
    return frame(Opcode.CLOSE, struct.pack("!H", code) + reason)


# --- random content -------------------------------------------------------------------------------------------


def text(rng: random.Random, size: int, ascii_only: bool = False) -> str:
    """About ``size`` UTF-8 bytes of text (never more): ASCII, or a mix up to astral characters."""
    if ascii_only or rng.random() < 0.4:
        return "".join(rng.choice('abcdefghijklmnopqrstuvwxyz0123456789 {}":,._-') for _ in range(size))
    pieces, used = [], 0
    while True:
        kind = rng.random()
        if kind < 0.5:
            char = chr(rng.randint(0x20, 0x7E))
        elif kind < 0.75:
            char = chr(rng.randint(0xA0, 0x7FF))
        elif kind < 0.93:
            char = chr(rng.choice([rng.randint(0x800, 0xD7FF), rng.randint(0xE000, 0xFFFD)]))
        else:
            char = chr(rng.randint(0x10000, 0x10FFFF))
        width = len(char.encode())
        if used + width > size:
            return "".join(pieces)
        pieces.append(char)
        used += width


def split(rng: random.Random, data: bytes, pieces: int) -> list[bytes]:
    """``data`` cut at random places (inside UTF-8 sequences too; empty pieces allowed)."""
    cuts = sorted(rng.randint(0, len(data)) for _ in range(pieces - 1))
    return [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]


# --- the plan of a case ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Plan:
    """A case, and what the server must do with it."""

    notes: list[str] = dataclasses.field(default_factory=list)
    tls: bool = False
    refuse: dict[str, str] | None = None  # query asking $connect to refuse (status, or an error)
    refused_status: int | None = None
    traffic: bytes = b""  # the valid frames, written in pieces of ``chunks``
    chunks: list[int] = dataclasses.field(default_factory=list)
    pongs: list[bytes] = dataclasses.field(default_factory=list)  # answers to our pings, in order
    replies: list = dataclasses.field(default_factory=list)  # ("echo", text) | ("mock", n), in order
    lambda_messages: list[str] = dataclasses.field(default_factory=list)  # MESSAGE events, in order
    wait_replies: bool = True  # read every reply before the ending (else they are in flight)
    ending: str = "client-close"  # violation | client-close | tcp
    ending_bytes: bytes = b""
    open_fragment: bool = False  # the traffic ends inside a fragmented text message
    server_close: int | None = None  # the server's close code (violations)
    server_reason: str | None = None  # checked when known
    client_close: tuple[int, str] | None = None  # the close frame we send (None: without status)
    answer_close: bool = True  # after the server's close frame: echo it (else FIN)
    reset: bool = False  # tcp ending: RST instead of FIN

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def disconnect(self) -> tuple[int, str | None]:
        """The $disconnect's (disconnectStatusCode, disconnectReason); None: any reason."""
        if self.ending == "violation":
            return self.server_close, self.server_reason
        if self.ending == "tcp":
            return 1006, None
        if self.client_close is None:
            return 1005, NO_STATUS_REASON
        return self.client_close


def plan(rng: random.Random, mock_route: str = "mock") -> Plan:
    p = Plan()
    p.tls = rng.random() < 0.1
    if p.tls:
        p.note("wss")
    if rng.random() < 0.06:
        status = rng.choice([400, 401, 403, 404, 429, 500, "fail"])
        p.refuse = {"fail": "1"} if status == "fail" else {"status": str(status)}
        p.refused_status = 502 if status == "fail" else int(status)
        p.note(f"refused handshake ({p.refuse})")
        return p
    frames: list[bytes] = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        frames += _valid_part(rng, p, mock_route)
    p.wait_replies = rng.random() < 0.6
    _ending(rng, p, frames)
    p.traffic = b"".join(frames)
    if p.traffic and rng.random() < 0.3:
        # small writes: one byte at a time for a while, then random pieces
        p.chunks = [1] * rng.randint(1, 64) + [rng.randint(1, 2000) for _ in range(rng.randint(0, 20))]
        p.note(f"written in {len(p.chunks)}+ pieces")
    return p


def _valid_part(rng: random.Random, p: Plan, mock_route: str) -> list[bytes]:
    roll = rng.random()
    if roll < 0.15:
        payload = rng.randbytes(rng.choice([0, 1, 10, 125]))
        p.pongs.append(payload)
        p.note(f"ping {len(payload)} B")
        return [frame(Opcode.PING, payload)]
    if roll < 0.22:
        payload = rng.randbytes(rng.randint(0, 125))
        p.note(f"unsolicited pong {len(payload)} B")
        return [frame(Opcode.PONG, payload)]
    if roll < 0.40:
        n = rng.randint(0, 10**6)
        pad = text(rng, rng.choice([0, 10, 1000]), ascii_only=True)
        message = json.dumps({"action": mock_route, "n": n, "pad": pad})
        p.replies.append(("mock", n))
        p.note(f"MOCK message n={n} ({len(message)} B)")
        return _message_frames(rng, p, message.encode())
    if roll < 0.46:
        # JSON nested deeper than a parser goes (60,000 levels fit in a message): not JSON to route selection
        depth = rng.choice([10, 500, 5000, 30000, MAX_MESSAGE // 2 - 20])
        deep = "[" * depth + "]" * depth
        message = deep if rng.random() < 0.5 else '{"action": "$default", "d": ' + deep + "}"
        p.replies.append(("echo", message))
        p.lambda_messages.append(message)
        p.note(f"JSON nested {depth} deep ({len(message)} B)")
        return _message_frames(rng, p, message.encode())
    size = rng.choice([0, 1, 20, 200, 2000, rng.randint(1, MAX_FRAME), MAX_FRAME, MAX_MESSAGE])
    if rng.random() < 0.4 and size < 5000:
        action = rng.choice([*NOT_ROUTES, None, 5, ["mock"], {"x": 1}])
        message = json.dumps({"action": action, "data": text(rng, size)}, ensure_ascii=rng.random() < 0.5)
    else:
        message = text(rng, size, ascii_only=size > 20000)  # the event of a large one must fit in SQS
    p.replies.append(("echo", message))
    p.lambda_messages.append(message)
    p.note(f"message {len(message.encode())} B")
    return _message_frames(rng, p, message.encode())


def _message_frames(rng: random.Random, p: Plan, data: bytes) -> list[bytes]:
    """One text frame (when it fits in a frame), or fragments with pings and pongs between them."""
    fragmented = len(data) > MAX_FRAME or rng.random() < 0.35
    if not fragmented:
        return [frame(Opcode.TEXT, data)]
    pieces = split(rng, data, rng.randint(2, 6))
    while any(len(piece) > MAX_FRAME for piece in pieces):
        pieces = [
            half for piece in pieces for half in ((piece,) if len(piece) <= MAX_FRAME else _halves(piece))
        ]
    frames = []
    for i, piece in enumerate(pieces):
        frames.append(frame(Opcode.TEXT if i == 0 else Opcode.CONT, piece, fin=i == len(pieces) - 1))
        if i < len(pieces) - 1 and rng.random() < 0.3:
            payload = rng.randbytes(rng.randint(0, 20))
            if rng.random() < 0.5:
                p.pongs.append(payload)
                frames.append(frame(Opcode.PING, payload))
            else:
                frames.append(frame(Opcode.PONG, payload))
    p.note(f"  in {len(pieces)} fragments")
    return frames


def _halves(piece: bytes) -> tuple[bytes, bytes]:
    return piece[: len(piece) // 2], piece[len(piece) // 2 :]


def _ending(rng: random.Random, p: Plan, frames: list[bytes]) -> None:
    roll = rng.random()
    if roll < 0.6:
        p.ending = "violation"
        p.answer_close = rng.random() < 0.85
        _violation(rng, p, frames)
    elif roll < 0.85:
        p.ending = "client-close"
        if rng.random() < 0.15:
            p.client_close = None
            p.ending_bytes = close_frame(None)
            p.note("client close without status")
        else:
            code = rng.choice(VALID_CLOSE_CODES + [rng.randint(3000, 4999)])
            reason = text(rng, rng.choice([0, 5, 60, 123]))
            p.client_close = (code, reason)
            p.ending_bytes = close_frame(code, reason.encode())
            p.note(f"client close {code} reason {len(reason.encode())} B")
    else:
        p.ending = "tcp"
        p.reset = rng.random() < 0.5
        if rng.random() < 0.5:
            whole = frame(Opcode.TEXT, text(rng, rng.randint(2, 3000)).encode() or b"xy")
            p.ending_bytes = whole[: rng.randint(1, len(whole) - 1)]
            p.note(f"half a frame ({len(p.ending_bytes)} of {len(whole)} B)")
        p.note("TCP " + ("RST" if p.reset else "FIN"))


def _violation(rng: random.Random, p: Plan, frames: list[bytes]) -> None:
    """The last frames of the case: something the server must close the connection for."""
    kinds = [
        "rsv",
        "opcode",
        "unmasked",
        "long-control",
        "fragmented-control",
        "orphan-continuation",
        "data-inside-fragments",
        "length-16",
        "length-64",
        "length-msb",
        "close-1-byte",
        "close-bad-code",
        "close-long-reason",
        "close-bad-utf8",
        "bad-utf8",
        "bad-utf8-fragmented",
        "binary",
        "binary-fragmented",
        "frame-too-big",
        "message-too-big",
    ]
    kind = rng.choice(kinds)
    p.note(f"violation: {kind}")
    small = text(rng, rng.randint(0, 100)).encode()
    protocol_error = 1002
    if kind == "rsv":
        bits = rng.choice([0x40, 0x20, 0x10, 0x70])
        base = rng.choice(
            [frame(Opcode.TEXT, small), frame(Opcode.PING, small[:125]), frame(Opcode.BINARY, small)]
        )
        end = corrupt_first_byte(base, set_bits=bits)
    elif kind == "opcode":
        end = corrupt_first_byte(frame(Opcode.TEXT, small), opcode=rng.choice(RESERVED_OPCODES))
    elif kind == "unmasked":
        end = frame(rng.choice([Opcode.TEXT, Opcode.PING, Opcode.CLOSE]), small[:100], mask=False)
    elif kind == "long-control":
        payload = rng.randbytes(rng.randint(126, 1000))
        end = corrupt_first_byte(frame(Opcode.BINARY, payload), opcode=rng.choice([0x8, 0x9, 0xA]))
    elif kind == "fragmented-control":
        end = corrupt_first_byte(
            frame(rng.choice([Opcode.PING, Opcode.PONG, Opcode.CLOSE]), b""), clear_bits=0x80
        )
    elif kind == "orphan-continuation":
        end = frame(Opcode.CONT, small, fin=rng.random() < 0.5)
    elif kind == "data-inside-fragments":
        end = frame(Opcode.TEXT, b"start", fin=False) + frame(rng.choice([Opcode.TEXT, Opcode.BINARY]), small)
    elif kind == "length-16":
        end = with_length_field(frame(Opcode.TEXT, small[:125]), 2)
    elif kind == "length-64":
        end = with_length_field(frame(Opcode.TEXT, text(rng, rng.randint(0, 5000)).encode()), 8)
    elif kind == "length-msb":
        end = frame(Opcode.TEXT, b"")[:1] + struct.pack(
            "!BQ", 0x80 | 127, (1 << 63) | rng.randint(0, 1 << 20)
        )
    elif kind == "close-1-byte":
        end = frame(Opcode.CLOSE, rng.randbytes(1))
    elif kind == "close-bad-code":
        code = rng.choice(INVALID_CLOSE_CODES + [rng.randint(1016, 2999), rng.randint(5000, 0xFFFF)])
        end = close_frame(code, text(rng, rng.randint(0, 20)).encode())
        p.note(f"  code {code}")
    elif kind == "close-long-reason":
        end = corrupt_first_byte(
            frame(Opcode.BINARY, struct.pack("!H", 1000) + b"r" * rng.randint(124, 300)), opcode=0x8
        )
    elif kind == "close-bad-utf8":
        end = close_frame(1000, b"ok" + rng.choice(INVALID_UTF8))
        protocol_error = 1007
    elif kind in ("bad-utf8", "bad-utf8-fragmented"):
        good = text(rng, rng.randint(0, 2000)).encode()
        bad = rng.choice(INVALID_UTF8)
        truncated = bad in (b"\xe2\x82", b"\xf0\x9f\x98")
        data = good + bad if truncated else good + bad + text(rng, rng.randint(0, 200)).encode()
        if kind == "bad-utf8":
            end = frame(Opcode.TEXT, data)
        else:
            pieces = split(rng, data, rng.randint(2, 4))
            end = b"".join(
                frame(Opcode.TEXT if i == 0 else Opcode.CONT, piece, fin=i == len(pieces) - 1)
                for i, piece in enumerate(pieces)
            )
        protocol_error = 1007
    elif kind in ("binary", "binary-fragmented"):
        payload = rng.randbytes(rng.randint(0, 3000))
        end = frame(Opcode.BINARY, payload, fin=kind == "binary")
        if kind == "binary-fragmented":
            end += frame(Opcode.CONT, b"rest")
        p.server_close, p.server_reason = 1003, BINARY_REASON
    elif kind == "frame-too-big":
        end = frame(Opcode.TEXT, b"f" * (MAX_FRAME + rng.choice([1, 2, 1000, 40000])))
        p.server_close, p.server_reason = 1009, FRAME_TOO_BIG_REASON
    else:  # message-too-big
        over = MAX_MESSAGE + rng.choice([1, 100, MAX_FRAME])
        sizes = []
        while sum(sizes) < over:
            sizes.append(min(MAX_FRAME, over - sum(sizes)))
        end = b"".join(
            frame(Opcode.TEXT if i == 0 else Opcode.CONT, b"m" * size, fin=i == len(sizes) - 1)
            for i, size in enumerate(sizes)
        )
        p.server_close, p.server_reason = 1009, MESSAGE_TOO_BIG_REASON
    if p.server_close is None:
        p.server_close = protocol_error  # wsproto's message is the reason: not checked
    p.ending_bytes = end
