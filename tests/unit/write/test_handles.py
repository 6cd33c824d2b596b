"""Folders below the output, reached once each: a folder that is not there is looked for once."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write.folder import Folder, NotAFolder


@pytest.mark.parametrize("there", [None, "link", "file"])
def test_a_folder_not_reached_is_looked_for_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, there: str | None
) -> None:
    if there == "link":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "a").symlink_to(tmp_path / "elsewhere")
    elif there == "file":
        (tmp_path / "a").write_text("")
    asked: list[str] = []
    real = Folder.child

    def child(self: Folder, name: str, *, create: bool = False) -> Folder:
        asked.append(name)
        return real(self, name, create=create)

    monkeypatch.setattr(Folder, "child", child)
    with Folder.open_root(tmp_path) as root, root.handles() as folders:
        for parts in [("a", "b"), ("a", "b"), ("a",), ("a", "c")]:
            with pytest.raises(NotAFolder) as raised:
                folders.get(parts)
            assert raised.value.path == tmp_path / "a"
            assert raised.value.kind == there
    assert asked == ["a"]
