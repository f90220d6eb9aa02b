"""Serial scanners: the byte stream cut into codes, and a reader on a pseudo-terminal."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from hid_fakes import Recorder

from scanner.device_reader import DeviceState
from scanner.events import ScanEvent, ScanSource
from scanner.serial_scanner import (
    SerialFramer,
    SerialReader,
    SerialUnavailable,
    list_serial_ports,
    serial_reader,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")

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


@posix_only
def test_the_till_reader_reads_then_sees_the_unplug() -> None:
    master, slave = os.openpty()
    path = os.ttyname(slave)
    got = Recorder()
    reader = serial_reader(path, got.on_scan, got.on_status, backoff=(0.02, 0.05))
    reader.start()
    try:
        got.wait(lambda r: r.states() == ["running"])
        assert got.statuses[0].message == f"Lecteur série prêt ({path})."
        os.write(master, CODE.encode() + b"\r\n")
        got.wait(lambda r: r.payloads() == [CODE])
        os.close(master)  # the scanner is unplugged: the tty reads EIO, then will not reopen
        got.wait(lambda r: r.states() == ["running", "unplugged"])
        assert "débranché" in got.statuses[-1].message
    finally:
        assert reader.stop()
        os.close(slave)
    assert got.states() == ["running", "unplugged", "stopped"]


@posix_only
def test_the_till_reader_says_absent_and_not_a_serial_port(tmp_path: Path) -> None:
    got = Recorder()
    missing = serial_reader(str(tmp_path / "ttyACM9"), got.on_scan, got.on_status)
    missing.start()
    got.wait(lambda r: r.states() == ["absent"])
    assert missing.stop()
    assert "introuvable" in got.statuses[0].message
    plain = tmp_path / "notes.txt"
    plain.write_text("pas un port")
    other = Recorder()
    reader = serial_reader(str(plain), other.on_scan, other.on_status)
    reader.start()
    other.wait(lambda r: r.states() == ["unusable"])
    assert reader.stop()
    assert other.statuses[0].state is DeviceState.UNUSABLE
    assert "n'est pas un port série" in other.statuses[0].message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sysfs")
def test_usb_serial_ports_are_listed_with_their_names(tmp_path: Path) -> None:
    usb = tmp_path / "devices" / "usb1" / "1-2"
    interface = usb / "1-2:1.0"
    interface.mkdir(parents=True)
    (usb / "manufacturer").write_text("Honeywell\n")
    (usb / "product").write_text("Imaging 1950g\n")
    tty = tmp_path / "tty"
    for name in ("ttyACM0", "ttyUSB1", "ttyS0"):
        (tty / name).mkdir(parents=True)
    (tty / "ttyACM0" / "device").symlink_to(interface)
    ports = list_serial_ports(tty, Path("/dev"))
    assert [port.path for port in ports] == ["/dev/ttyACM0", "/dev/ttyUSB1"]
    assert ports[0].label == "Lecteur série — Honeywell Imaging 1950g (/dev/ttyACM0)"
    assert ports[1].label == "Lecteur série (/dev/ttyUSB1)"
    assert list_serial_ports(tmp_path / "absent") == []
