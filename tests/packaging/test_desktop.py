"""The Linux desktop entry, icon and file type agree with each other and install under XDG_DATA_HOME."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from designer.desktop import MIME_TYPE, install

RESOURCES = Path(__file__).resolve().parents[2] / "designer" / "resources"


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(RESOURCES / "keras-designer.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_runs_the_installed_command_on_the_opened_file():
    entry = _entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split() == ["keras-designer", "gui", "%f"]
    assert (RESOURCES / f"{entry['Icon']}.svg").is_file()
    assert entry["MimeType"].rstrip(";").split(";") == [MIME_TYPE]


def test_mime_type_names_the_design_glob_and_the_format_marker():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(RESOURCES / "keras-designer-mime.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.kd.json"]
    assert [m.get("value") for m in mime.iter(f"{{{ns['m']}}}match")] == ['"format": "keras-designer"']
    ET.fromstring((RESOURCES / "keras-designer.svg").read_text(encoding="utf-8"))


def test_install_writes_the_three_files_under_the_data_home(tmp_path):
    written = install(tmp_path, refresh=False)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "applications/keras-designer.desktop",
        "icons/hicolor/scalable/apps/keras-designer.svg",
        "mime/packages/keras-designer-mime.xml",
    ]
    for path in written:
        assert path.read_bytes() == (RESOURCES / path.name).read_bytes()
