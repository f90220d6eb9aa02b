"""Serial scanners: the byte stream cut into codes, and a reader on a pseudo-terminal."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from scanner.events import ScanEvent, ScanSource
from scanner.serial_scanner import SerialFramer, SerialReader, SerialUnavailable

CODE = "AT2:6BF+CV%R3$:K1.-/*"


@pytest.mark.parametrize("end", [b"\r", b"\n", b"\r\n"])
def test_one_code_per_line_whatever_the_line_end(end) -> None:
    framer = SerialFramer()
    scans = framer.feed(CODE.encode() + end, 1.0)
    assert scans == [ScanEvent(CODE, ScanSource.SERIAL, 1.0)]


def test_a_code_split_across_reads_and_stx_etx_framing() -> None:
    framer = SerialFramer()
    assert framer.feed(b"\x02AT2:6BF", 1.0) == []
    assert [scan.payload for scan in framer.feed(b"+CV%R3$:K1.-/*\x03", 1.01)] == [CODE]
    assert framer.feed(b"\r\n\n", 1.02) == []  # empty lines are nothing


def test_a_double_read_is_dropped_and_a_rescan_after_a_second_is_read() -> None:
    framer = SerialFramer()
    line = CODE.encode() + b"\r\n"
    assert len(framer.feed(line, 1.0)) == 1
    assert framer.feed(line, 1.4) == []
    assert len(framer.feed(line, 3.0)) == 1
    assert [scan.payload for scan in framer.feed(b"1234 5678 9012\r", 3.1)] == ["1234 5678 9012"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_the_reader_reads_a_pseudo_terminal() -> None:
    master, slave = os.openpty()
    got: list[ScanEvent] = []
    arrived = threading.Event()

    def on_scan(scan: ScanEvent) -> None:
        got.append(scan)
        arrived.set()

    reader = SerialReader(os.ttyname(slave), on_scan)
    reader.start()
    try:
        os.write(master, CODE.encode() + b"\r\n")
        assert arrived.wait(5)
    finally:
        reader.stop()
        os.close(master)
        os.close(slave)
    assert [scan.payload for scan in got] == [CODE]
    assert got[0].source is ScanSource.SERIAL


def test_a_missing_port_is_explained_in_french(tmp_path) -> None:
    reader = SerialReader(str(tmp_path / "ttyACM9"), lambda scan: None)
    with pytest.raises(SerialUnavailable, match="Impossible d'ouvrir le lecteur série"):
        reader.start()
