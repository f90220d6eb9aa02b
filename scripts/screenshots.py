"""Saves a screenshot of every screen and state of the counter window, for a reviewer to open.

    .venv/bin/python scripts/screenshots.py [folder]       # default: ./screenshots
    .venv/bin/python scripts/screenshots.py --lang en shots-en   # the English window

Everything is real: a reference Region server on loopback with the demo beneficiaries, tills
enrolled to it, codes issued by it and scanned through the window's own entry point. Runs
offscreen (no display needed); each state is saved at 1366×768, some at 1920×1080 too.

Each window is shown as a cashier sees it: its first sync round has answered (« En ligne »), as
the window's background sync does within seconds of opening; « Hors ligne » only where the
Region is meant to be out of reach (the last screens).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_TRAINING_DATE, demo_seed_path

SIZES = {"hd": (1366, 768), "fhd": (1920, 1080)}


class Shooter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[Path] = []

    def __call__(self, widget, name: str, *, sizes: tuple[str, ...] = ("hd",)) -> None:
        from pos_app.ui.qt import QApplication

        for size in sizes:
            widget.resize(*SIZES[size])
            for _ in range(3):
                QApplication.processEvents()
            path = self.folder / f"{len(self.saved) + 1:02d}-{name}-{size}.png"
            widget.grab().save(str(path))
            self.saved.append(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--lang", default="fr", help="the window's language: fr or en")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    for old in args.folder.glob("*.png"):
        old.unlink()
    os.environ[ENV_NOW] = DEMO_TRAINING_DATE.isoformat()
    with tempfile.TemporaryDirectory(prefix="atouts-shots-") as work:
        shoot = Shooter(args.folder)
        run_all(Path(work), shoot, args.lang)
    print(f"{len(shoot.saved)} screenshots in {args.folder}/")
    return 0


def run_all(work: Path, shoot: Shooter, language: str = "fr") -> None:
    import json

    from pos_app.services import Till
    from pos_app.ui.main_window import MainWindow
    from pos_app.ui.qt import QApplication
    from pos_app.ui.translations import install_translator
    from sync.region_sim.runner import BackgroundServer, open_state

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translator(app, language)
    now = DEMO_TRAINING_DATE
    seed = json.loads(demo_seed_path().read_text(encoding="utf-8"))
    partners = {p["id"]: p for p in seed["partners"]}
    state = open_state(work / "region", demo_seed_path())
    server = BackgroundServer(state).start()
    try:
        coupon = state.issue_coupon("B001", "P-CLUB-HAVRE", "pratique", 2000, now)
        cinema = enrolled(Till(work / "cinema"), server.url, partners["P-CINE-LUX"])
        window = MainWindow(cinema)
        window.show()
        online(window)
        scan = scanner(window)
        shoot(window, "attente", sizes=("hd", "fhd"))
        scan(state.qr_payload("B002", now))
        shoot(window, "accepte-telephone", sizes=("hd", "fhd"))
        type_price(window, "8,50")
        shoot(window, "accepte-prix-saisi-repartition")
        window.charge_panel.confirm()
        shoot(window, "encaisse-reste-a-payer")
        window.show_receipt()
        shoot(window, "recu")
        scan(state.qr_payload("B001", now))
        shoot(window, "a-verifier-support-papier")
        scan(state.qr_payload("B004", now))
        shoot(window, "refuse")
        scan(state.qr_payload("B002", now, static=True))
        shoot(window, "refuse-capture-ecran")
        scan("n'importe quoi")
        shoot(window, "refuse-code-illisible")
        index = window.mode_box.findData("BP-LUX-AVP")
        window.mode_box.setCurrentIndex(index)
        shoot(window, "bon-plan-attente")
        scan(state.qr_payload("B001", now))
        shoot(window, "bon-plan-piece-identite")
        window.confirm_check_in()
        shoot(window, "bon-plan-presence-enregistree")
        scan(state.qr_payload("B003", now))
        shoot(window, "bon-plan-pas-inscrit")
        window.mode_box.setCurrentIndex(0)

        club = enrolled(Till(work / "club"), server.url, partners["P-CLUB-HAVRE"])
        club_window = MainWindow(club)
        club_window.show()
        online(club_window)
        scanner(club_window)(coupon)
        shoot(club_window, "coupon")
        club_window.close()

        rollon(enrolled(Till(work / "rollon"), server.url, partners["P-ROLLON-CAEN"]), state, shoot)

        shop_now = datetime.fromisoformat("2026-10-15T10:00:00+04:00")
        os.environ[ENV_NOW] = shop_now.isoformat()
        shop = enrolled(Till(work / "shop"), server.url, partners["P-INFO-REUNION"])
        shop_window = MainWindow(shop)
        shop_window.show()
        online(shop_window)
        scanner(shop_window)(state.voucher_payload("B006", "numerisak", 1, shop_now))
        shoot(shop_window, "bon-numerisak-mineur")
        panel = shop_window.charge_panel
        panel.id_checked_box.setChecked(True)
        panel.guardian_box.setChecked(True)
        panel.label_field.setText("NUM2026-000006")
        panel.equipment_field.setText("PF3X9K")
        type_price(shop_window, "599")
        shoot(shop_window, "bon-numerisak-mineur-pret")
        shop_window.close()

        os.environ[ENV_NOW] = now.isoformat()
        money(work, server, state, partners, shoot, now)
        pages(work, server, state, partners, shoot, now)

        server.stop()  # the Region out of reach: the sales are kept, the strip says so
        window.on_sync()
        wait(lambda: window.sync_button.isEnabled())
        assert window.online is False
        shoot(window, "hors-ligne", sizes=("hd", "fhd"))
        scan(state.qr_payload("B002", now))  # decided offline, from the Region's data
        shoot(window, "hors-ligne-accepte")
        window.close()
    finally:
        server.stop()
        state.close()
        app.processEvents()


def rollon(till, state, shoot: Shooter) -> None:
    """Léa, 17, at the RolloN partner: the parental authorisation to see, the whole 10 €
    already typed; then both ticked, Entrée ready; then transferred."""
    from pos_app.ui.main_window import MainWindow

    window = MainWindow(till)
    window.show()
    online(window)
    scanner(window)(state.qr_payload("B001", DEMO_TRAINING_DATE))
    shoot(window, "rollon-mineur-17-ans")
    window.charge_panel.id_checked_box.setChecked(True)
    window.charge_panel.guardian_box.setChecked(True)
    shoot(window, "rollon-pret-entree")
    window.charge_panel.confirm()
    shoot(window, "rollon-transfere")
    window.close()


def pages(work: Path, server, state, partners: dict, shoot: Shooter, now: datetime) -> None:
    """Operator sign-in, history (with a refusal by the Region), settings, first activation."""
    from pos_app.services import Till
    from sync.region_sim.runner import BackgroundServer

    cinema = partners["P-CINE-LUX"]
    first = enrolled(Till(work / "lux-1"), server.url, cinema)
    second = enrolled(Till(work / "lux-2"), server.url, cinema)
    first.add_operator("Camille Durand", "2468")
    first.add_operator("Noé", "5555")
    # Two tills spend Hugo's 6 € cinema offline: the Region refuses the second one.
    offline_port = server.port
    server.stop()
    hugo = state.qr_payload("B002", now)
    first.charge(hugo, "cinema", "6", operator="Camille Durand")
    first.charge(state.qr_payload("B001", now), "spectacle", "12,50", id_checked=True)
    second.charge(hugo, "cinema", "7")
    back = BackgroundServer(state, offline_port).start()  # back for the rest of the pages
    try:
        first.sync()
        second.sync()
        shoot_pages(work, first, second, shoot, now)
    finally:
        back.stop()


def shoot_pages(work: Path, first, second, shoot: Shooter, now: datetime) -> None:
    from pos_app.services import Till
    from pos_app.ui.main_window import MainWindow

    window = MainWindow(first)
    window.show()
    online(window)
    shoot(window, "operateur-qui-tient-la-caisse", sizes=("hd", "fhd"))
    window.operator_page.select("Noé")
    window.operator_page.pin_field.setText("12")
    shoot(window, "operateur-code")
    window.operator_page.pin_field.setText("5555")
    window.operator_page.sign_in()
    window.show_page("history")
    shoot(window, "historique-du-jour", sizes=("hd", "fhd"))
    history = window.history_page
    history.table.selectRow(0)
    sale = history.selected_id()
    history.ask_void()
    shoot(window, "historique-annulation")
    history.reason_field.setText("Erreur de montant")
    history.confirm_void()
    history.select(sale)  # voided now: the button greys and says why, beside it
    shoot(window, "historique-deja-annulee")
    # The next morning, the day before was not closed: the status strip says so (no dialog).
    os.environ[ENV_NOW] = (now + timedelta(hours=15)).isoformat()
    window.show_page("counter")
    window.refresh_status()
    shoot(window, "caisse-journee-non-cloturee")
    window.show_page("close")
    shoot(window, "cloture-apercu", sizes=("hd", "fhd"))
    close_page = window.page("close")
    close_page.on_close()
    shoot(window, "cloture-confirmer")
    close_page.on_close()
    shoot(window, "cloture-faite", sizes=("hd", "fhd"))
    os.environ[ENV_NOW] = now.isoformat()
    window.close()

    refused = MainWindow(second)
    refused.show()
    online(refused)
    refused.show_page("history")
    shoot(refused, "historique-refus-de-la-region")
    refused.show_page("counter")
    shoot(refused, "caisse-badge-refus")
    refused.show_page("settings")
    wait(lambda: False, timeout=1.5)  # the camera and scanner lists arrive off the GUI thread
    shoot(refused, "reglages", sizes=("hd", "fhd"))
    refused.close()

    fresh = MainWindow(Till(work / "fresh"))
    fresh.show()
    shoot(fresh, "premiere-activation", sizes=("hd", "fhd"))
    fresh.close()


def money(work: Path, server, state, partners: dict, shoot: Shooter, now: datetime) -> None:
    """The reimbursements page: nothing yet; then March paid as counted (settled), April paid
    short with a sale left out (a gap, its deadline a week away), May running."""
    from pos_app.back_office.reimbursements import Reimbursements
    from pos_app.services import Till
    from pos_app.ui.main_window import MainWindow

    till = enrolled(Till(work / "lux-money"), server.url, partners["P-CINE-LUX"])
    window = MainWindow(till)
    window.show()
    online(window)
    window.show_page("money")
    page = window.page("money")
    page.folder_field.setText(str(work / "Documents" / "Remboursements Atouts"))  # not ~
    wait(lambda: not page.busy)
    shoot(window, "remboursements-rien-encore")

    def at(moment: str) -> datetime:
        os.environ[ENV_NOW] = moment
        till.sync()
        return datetime.fromisoformat(moment)

    hugo = state.qr_payload("B002", now)
    till.charge(hugo, "spectacle", "6")
    till.charge(hugo, "spectacle", "4,50")
    till.sync()
    at("2026-04-10T10:00:00+02:00")  # the Region counts March…
    [march] = Reimbursements(till).periods()
    state.mark_paid(march.check.batch.id, datetime.fromisoformat(os.environ[ENV_NOW]))
    april = at("2026-04-18T15:00:00+02:00")  # …and pays it as counted
    till.charge(state.qr_payload("B002", april), "spectacle", "7")
    till.charge(state.qr_payload("B002", april), "spectacle", "5")
    till.sync()
    at("2026-05-05T10:00:00+02:00")  # April counted, then paid without the 5 € sale
    batch = next(b for b in Reimbursements(till).facts().batches if b.period.key == "2026-04")
    left_out = next(line.txn_id for line in batch.lines if line.amount_cents == 500)
    state.mark_paid(batch.id, datetime.fromisoformat(os.environ[ENV_NOW]), omit=[left_out])
    may = at("2026-05-30T11:00:00+02:00")  # five days before the deadline
    till.charge(state.qr_payload("B001", may), "spectacle", "3", id_checked=True)
    till.sync()
    window.show_page("counter")
    window.money_notice.check()
    wait(lambda: window.money_notice.count > 0)
    window.refresh_status()
    shoot(window, "caisse-delai-de-contestation-proche")
    window.show_page("money")
    wait(lambda: not page.busy)
    shoot(window, "remboursements-ecart-delai-proche", sizes=("hd", "fhd"))
    page.ask_receipt()
    shoot(window, "remboursements-date-de-reception")
    page.hide_receipt()
    page.write_letter()
    wait(lambda: not page.busy)
    shoot(window, "remboursements-lettre-ecrite")
    page.select_period("2026-03")
    shoot(window, "remboursements-reglee")
    page.export_csv()
    wait(lambda: not page.busy)
    shoot(window, "remboursements-csv-exporte")
    os.environ[ENV_NOW] = "2026-06-06T10:00:00+02:00"  # the deadline has passed
    page.refresh()
    wait(lambda: not page.busy)
    page.select_period("2026-04")
    shoot(window, "remboursements-plus-recevable")
    os.environ[ENV_NOW] = now.isoformat()
    window.close()


def enrolled(till, url: str, partner: dict):
    till.enroll(url, partner["id"], partner["enrollment_code"])
    till.sync()
    return till


def online(window) -> None:
    """The window's first sync round answered, as its background sync does once open: the
    strip says « En ligne » (never « Connexion : vérification… »), the status bar is clear."""
    window.on_sync()
    wait(lambda: window.sync_button.isEnabled())
    assert window.online, "the reference Region did not answer the first sync round"
    window.statusBar().clearMessage()


def scanner(window) -> Callable[[str], None]:
    def scan(payload: str) -> None:
        window.scan_field.setText(payload)
        window.on_scan()

    return scan


def type_price(window, text: str) -> None:
    window.charge_panel.amount_field.setText(text)


def wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    import time

    from pos_app.ui.qt import QApplication

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    raise SystemExit(main())
