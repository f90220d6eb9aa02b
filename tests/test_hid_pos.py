"""HID POS scanners without the hardware: real descriptor bytes, a fake sysfs tree, a FIFO for
the hidraw node, real files and threads."""

from __future__ import annotations

import errno
import logging
import os
import sys
from pathlib import Path

import pytest
from hid_fakes import (
    HID_POS_DESCRIPTOR,
    HONEYWELL,
    KEYBOARD_DESCRIPTOR,
    Recorder,
    fake_sysfs,
    open_writer,
    report,
    reports_for,
)

from scanner.device_reader import DeviceState, DeviceUnusable
from scanner.events import ScanEvent, ScanSource
from scanner.hid_pos import (
    MAX_PAYLOAD,
    HidPosAssembler,
    find_hid_pos_devices,
    hid_pos_reader,
    open_hidraw,
    parse_report_descriptor,
    permission_help,
    udev_rule,
)

CODE = "AT2:6BF+CV%R3$:K1.-/*"
LONG_CODE = "AT2:" + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" * 7  # 319 chars, 6 reports
FAST = (0.02, 0.05)
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hidraw is Linux")


# --- descriptor and discovery ---------------------------------------------------------------


def test_the_descriptor_says_scanner_and_gives_the_report_size() -> None:
    info = parse_report_descriptor(HID_POS_DESCRIPTOR)
    assert 0x8C in info.usage_pages
    assert info.input_reports == {2: 64}
    assert info.numbered
    keyboard = parse_report_descriptor(KEYBOARD_DESCRIPTOR)
    assert 0x8C not in keyboard.usage_pages
    assert not keyboard.numbered


def test_a_truncated_or_long_item_descriptor_does_not_break_the_parser() -> None:
    assert parse_report_descriptor(HID_POS_DESCRIPTOR[:7]).usage_pages == frozenset({0x8C})
    long_item = bytes([0xFE, 2, 0x10, 0xAA, 0xBB]) + HID_POS_DESCRIPTOR
    assert parse_report_descriptor(long_item).input_reports == {2: 64}
    extended_usage = bytes([0x0B, 0x02, 0x00, 0x8C, 0x00])  # Usage 0x008C0002, 4 bytes
    assert 0x8C in parse_report_descriptor(extended_usage).usage_pages
    assert parse_report_descriptor(b"").input_reports == {}


def test_only_hid_pos_nodes_are_listed(tmp_path: Path) -> None:
    sys_root = fake_sysfs(
        tmp_path / "hidraw",
        {
            "hidraw0": (KEYBOARD_DESCRIPTOR, "Logitech USB Keyboard"),
            "hidraw2": (None, "descriptor unreadable"),
            "hidraw10": (HID_POS_DESCRIPTOR, "Honeywell Imaging 1950g"),
            "hidraw1": (HID_POS_DESCRIPTOR, "Zebra DS2208"),
        },
    )
    found = find_hid_pos_devices(sys_root, Path("/dev"))
    assert [device.path for device in found] == ["/dev/hidraw1", "/dev/hidraw10"]
    assert found[1].name == "Honeywell Imaging 1950g"
    assert (found[1].vendor_id, found[1].product_id) == (HONEYWELL, 0x0B61)
    assert (found[1].report_id, found[1].report_size) == (2, 64)
    assert found[1].label == "Lecteur HID-POS — Honeywell Imaging 1950g (/dev/hidraw10)"
    assert find_hid_pos_devices(tmp_path / "absent") == []


# --- the reports ----------------------------------------------------------------------------


def test_one_report_one_code() -> None:
    assembler = HidPosAssembler()
    assert assembler.feed(report(CODE.encode()), 1.0) == [ScanEvent(CODE, ScanSource.SERIAL, 1.0)]
    assert assembler.symbology == "]Q1"


def test_a_long_code_split_over_reports_is_joined() -> None:
    parts = reports_for(LONG_CODE)
    assert len(parts) == 6
    assembler = HidPosAssembler()
    results = [assembler.feed(part, 1.0 + i * 0.01) for i, part in enumerate(parts)]
    assert results[:-1] == [[]] * 5
    assert [scan.payload for scan in results[-1]] == [LONG_CODE]


def test_garbage_reports_are_logged_and_dropped(caplog: pytest.LogCaptureFixture) -> None:
    assembler = HidPosAssembler()
    lying = bytearray(report(b"abc"))
    lying[1] = 200  # announces more bytes than the report holds
    with caplog.at_level(logging.DEBUG, logger="scanner.hid_pos"):
        assert assembler.feed(b"\x02\x05]Q", 1.0) == []
        assert assembler.feed(bytes(lying), 1.0) == []
        assert assembler.feed(report(b"status", report_id=4), 1.0) == []
        assert assembler.feed(b"", 1.0) == []
    assert "too short" in caplog.text
    assert "announces 200 bytes" in caplog.text
    assert "skipped" in caplog.text
    assert [scan.payload for scan in assembler.feed(report(CODE.encode()), 1.1)] == [CODE]


def test_an_unfinished_code_is_dropped_when_its_end_never_comes(caplog) -> None:
    assembler = HidPosAssembler(part_timeout=0.5)
    assembler.feed(report(b"AT2:PARTIAL", more=True), 1.0)
    with caplog.at_level(logging.WARNING, logger="scanner.hid_pos"):
        scans = assembler.feed(report(CODE.encode()), 2.0)
    assert [scan.payload for scan in scans] == [CODE]
    assert "unfinished code dropped" in caplog.text


def test_a_stuck_continued_flag_cannot_grow_without_end(caplog) -> None:
    assembler = HidPosAssembler()
    chunk = report(b"X" * 56, more=True)
    with caplog.at_level(logging.WARNING, logger="scanner.hid_pos"):
        for i in range(MAX_PAYLOAD // 56 + 1):
            assembler.feed(chunk, 1.0 + i * 0.001)
    assert "longer than" in caplog.text
    assert [s.payload for s in assembler.feed(report(CODE.encode()), 1.3)] == [CODE]


def test_double_reads_are_dropped_and_odd_bytes_still_give_text() -> None:
    assembler = HidPosAssembler()
    assert len(assembler.feed(report(CODE.encode() + b"\r\n"), 1.0)) == 1
    assert assembler.feed(report(CODE.encode()), 1.5) == []  # the scanner's double read
    assert len(assembler.feed(report(CODE.encode()), 3.0)) == 1
    assert assembler.feed(report(b"\x00\x00"), 4.0) == []  # nothing but padding
    assert [s.payload for s in assembler.feed(report(b"caf\xe9"), 5.0)] == ["café"]


def test_unnumbered_reports_start_one_byte_earlier() -> None:
    assembler = HidPosAssembler(report_id=0)
    assert [s.payload for s in assembler.feed(report(CODE.encode())[1:], 1.0)] == [CODE]


def test_the_permission_advice_names_the_rule_for_this_maker(tmp_path: Path) -> None:
    sys_root = fake_sysfs(tmp_path, {"hidraw3": (HID_POS_DESCRIPTOR, "Honeywell")})
    advice = permission_help("/dev/hidraw3", sys_root)
    assert "Accès refusé" in advice
    assert "70-atouts-scanners.rules" in advice
    assert 'ATTRS{idVendor}=="0c2e"' in advice
    assert "udevadm control --reload-rules" in advice
    assert udev_rule(None) == 'SUBSYSTEM=="hidraw", MODE="0660", GROUP="plugdev", TAG+="uaccess"'


def test_the_shipped_udev_rules_cover_hidraw_and_match_the_advice() -> None:
    rules = Path(__file__).parent.parent / "installers" / "linux" / "70-atouts-scanners.rules"
    lines = [line for line in rules.read_text().splitlines() if line and line[0] != "#"]
    assert lines
    hidraw = [line for line in lines if line.startswith('SUBSYSTEM=="hidraw"')]
    assert udev_rule(HONEYWELL) in hidraw
    assert all('TAG+="uaccess"' in line for line in hidraw)


# --- the reader on a FIFO standing in for /dev/hidrawN ----------------------------------------


@pytest.fixture
def hidraw(tmp_path: Path) -> tuple[Path, Path]:
    """(the fake node, the fake sysfs root) for hidraw5, a HID POS scanner."""
    sys_root = fake_sysfs(tmp_path / "sys", {"hidraw5": (HID_POS_DESCRIPTOR, "Honeywell")})
    node = tmp_path / "dev" / "hidraw5"
    node.parent.mkdir()
    os.mkfifo(node)
    return node, sys_root


@linux_only
def test_the_reader_reads_single_split_and_garbage_reports(hidraw, caplog) -> None:
    node, sys_root = hidraw
    got = Recorder()
    reader = hid_pos_reader(str(node), got.on_scan, got.on_status, sys_root=sys_root)
    reader.start()
    writer = open_writer(node)
    try:
        got.wait(lambda r: r.states() == ["running"])
        assert got.statuses[0].message == f"Lecteur HID-POS prêt ({node})."
        with caplog.at_level(logging.WARNING, logger="scanner.hid_pos"):
            os.write(writer, report(CODE.encode()))
            os.write(writer, b"\x02\xff" + bytes(62))  # garbage: no crash
            for part in reports_for(LONG_CODE):
                os.write(writer, part)
            got.wait(lambda r: len(r.scans) == 2)
    finally:
        os.close(writer)
        assert reader.stop()
    assert got.payloads() == [CODE, LONG_CODE]
    assert "announces 255 bytes" in caplog.text
    assert got.states()[-1] == "stopped"


@linux_only
def test_unplugged_mid_session_then_plugged_back(hidraw) -> None:
    node, sys_root = hidraw
    got = Recorder()
    reader = hid_pos_reader(str(node), got.on_scan, got.on_status, sys_root=sys_root, backoff=FAST)
    reader.start()
    writer = open_writer(node)
    try:
        os.write(writer, report(b"first"))
        got.wait(lambda r: r.payloads() == ["first"])
        node.unlink()  # the node goes away with the device...
        os.close(writer)  # ...and the reader sees the end of its stream
        got.wait(lambda r: "unplugged" in r.states())
        unplugged = got.statuses[-1]
        assert "débranché" in unplugged.message and str(node) in unplugged.message
        os.mkfifo(node)  # plugged back
        writer = open_writer(node)
        got.wait(lambda r: r.states()[-1] == "running")
        assert "reconnecté" in got.statuses[-1].message
        os.write(writer, report(b"second"))
        got.wait(lambda r: r.payloads() == ["first", "second"])
    finally:
        assert reader.stop()  # before the writer closes: that would be another unplug
        os.close(writer)
    assert got.states() == ["running", "unplugged", "running", "stopped"]


@linux_only
def test_a_node_not_there_yet_is_taken_when_it_appears(hidraw) -> None:
    node, sys_root = hidraw
    node.unlink()
    got = Recorder()
    reader = hid_pos_reader(str(node), got.on_scan, got.on_status, sys_root=sys_root, backoff=FAST)
    reader.start()
    try:
        got.wait(lambda r: r.states() == ["absent"])
        assert "introuvable" in got.statuses[0].message
        os.mkfifo(node)
        writer = open_writer(node)
        got.wait(lambda r: r.states() == ["absent", "running"])
        os.write(writer, report(CODE.encode()))
        got.wait(lambda r: r.payloads() == [CODE])
        os.close(writer)
    finally:
        assert reader.stop()


def test_permission_denied_says_how_to_fix_and_retries(hidraw) -> None:
    """Root reads any file, so the refusal comes from the opener, as the kernel gives it."""
    node, sys_root = hidraw
    attempts: list[str] = []

    def refusing_then_allowed(path: str) -> int:
        attempts.append(path)
        if len(attempts) < 3:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK)

    got = Recorder()
    reader = hid_pos_reader(
        str(node),
        got.on_scan,
        got.on_status,
        sys_root=sys_root,
        opener=refusing_then_allowed,
        backoff=FAST,
    )
    reader.start()
    try:
        got.wait(lambda r: r.states() == ["no_permission", "running"])
    finally:
        assert reader.stop()
    refused = got.statuses[0]
    assert refused.state is DeviceState.NO_PERMISSION
    assert 'ATTRS{idVendor}=="0c2e"' in refused.message
    assert len(attempts) == 3  # reported once, retried quietly


@linux_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_a_root_only_node_is_refused_by_the_kernel(hidraw) -> None:
    node, sys_root = hidraw
    node.chmod(0o000)
    got = Recorder()
    reader = hid_pos_reader(str(node), got.on_scan, got.on_status, sys_root=sys_root)
    reader.start()
    try:
        got.wait(lambda r: r.states() == ["no_permission"])
    finally:
        assert reader.stop()


def test_an_unusable_node_ends_the_reader(hidraw) -> None:
    node, _ = hidraw

    def unusable(path: str) -> int:
        raise DeviceUnusable("Ce périphérique n'est pas un lecteur.")

    got = Recorder()
    reader = hid_pos_reader(str(node), got.on_scan, got.on_status, opener=unusable)
    reader.start()
    got.wait(lambda r: r.states() == ["unusable"])
    assert reader.stop()
    assert got.statuses[0].message == "Ce périphérique n'est pas un lecteur."


@pytest.mark.skipif(sys.platform.startswith("linux"), reason="elsewhere than Linux")
def test_hid_pos_is_linux_only_elsewhere(tmp_path: Path) -> None:
    with pytest.raises(DeviceUnusable, match="Linux"):
        open_hidraw(str(tmp_path / "hidraw0"))
