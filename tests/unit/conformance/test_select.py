"""What ``--include-*``, ``--exclude-*``, ``--checks`` and ``--phases`` choose."""

from __future__ import annotations

import pytest

from generator import ir
from generator.conformance.select import (
    PHASES,
    Selection,
    checks_option,
    phases_option,
)
from generator.errors import ApiforgeError
from tests.support import ROOT, SPECS


@pytest.fixture(scope="module")
def api() -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    return build(spec_config(config, SPECS / "selection.yaml"), config.root)[1]


def chosen(api: ir.Api, **flags: tuple[str, ...]) -> list[str]:
    include = {k[8:].replace("_", "-"): v for k, v in flags.items() if k.startswith("include_")}
    exclude = {k[8:].replace("_", "-"): v for k, v in flags.items() if k.startswith("exclude_")}
    selection = Selection(include=include, exclude=exclude)
    return [op.operation_id for op in selection.operations(api)]


def in_order(api: ir.Api, names: list[str]) -> list[str]:
    return [op.operation_id for op in api.operations if op.operation_id in names]


def test_no_selection_keeps_every_operation_in_order(api: ir.Api) -> None:
    every = ["listPets", "addPet", "getPet", "deletePet", "health"]
    assert chosen(api) == in_order(api, every) and len(every) == len(api.operations)
    assert not Selection().given


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"include_tag": ("pets",)}, ["listPets", "addPet", "getPet"]),
        ({"include_tag": ("pets", "admin")}, ["listPets", "addPet", "getPet", "deletePet"]),
        ({"include_method": ("GET",)}, ["listPets", "getPet", "health"]),  # any case
        ({"include_path": ("/pets",)}, ["listPets", "addPet"]),  # exact
        ({"include_path": ("re:^/pets",)}, ["listPets", "addPet", "getPet", "deletePet"]),
        ({"include_operation_id": ("re:Pet$",)}, ["addPet", "getPet", "deletePet"]),
        # kinds of include all hold; an exclude of any kind drops
        ({"include_tag": ("pets",), "include_method": ("get",)}, ["listPets", "getPet"]),
        ({"include_tag": ("pets",), "exclude_tag": ("admin",)}, ["listPets", "getPet"]),
        ({"exclude_method": ("delete", "post")}, ["listPets", "getPet", "health"]),
        ({"exclude_path": ("re:\\{petId\\}",)}, ["listPets", "addPet", "health"]),
        ({"exclude_operation_id": ("health",)}, ["listPets", "addPet", "getPet", "deletePet"]),
    ],
)
def test_includes_and_excludes(
    api: ir.Api, flags: dict[str, tuple[str, ...]], expected: list[str]
) -> None:
    assert chosen(api, **flags) == in_order(api, expected)


def test_a_selection_that_leaves_nothing_is_a_usage_error_naming_its_flags(api: ir.Api) -> None:
    with pytest.raises(ApiforgeError) as caught:
        chosen(api, include_tag=("cats",), exclude_method=("get",))
    assert caught.value.exit_code == 2
    assert "(--exclude-method, --include-tag) leaves none of its 5 operations" in str(caught.value)


def test_a_bad_pattern_is_a_usage_error_naming_its_flag() -> None:
    with pytest.raises(ApiforgeError) as caught:
        Selection(include={"path": ("re:[",)})
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith("--include-path: 're:[' is not a regular expression")


def test_describe_gives_the_flags() -> None:
    selection = Selection(include={"tag": ("pets",)}, exclude={"method": ("DELETE",)})
    assert selection.describe() == "--include-tag pets --exclude-method DELETE"


def test_checks_choose_by_name_and_exclude() -> None:
    assert checks_option(["response_schema,no_server_error"]) == {
        "response_schema",
        "no_server_error",
    }
    left = checks_option([], ["answer_size", "allow_header"])
    assert "answer_size" not in left and "allow_header" not in left and "response_schema" in left


def test_an_unknown_check_is_a_usage_error_with_a_near_name_and_the_known_ones() -> None:
    with pytest.raises(ApiforgeError) as caught:
        checks_option(["response_shema"])
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert message.startswith(
        "--checks: unknown name 'response_shema'; did you mean 'response_schema'?"
    )
    assert "known: no_server_error, status_documented" in message


def test_no_check_left_is_a_usage_error() -> None:
    with pytest.raises(ApiforgeError) as caught:
        checks_option(["answer_size"], ["answer_size"])
    assert caught.value.exit_code == 2


def test_phases() -> None:
    assert phases_option([]) == frozenset(PHASES) == {"coverage", "random", "stateful"}
    assert phases_option(["coverage,stateful"]) == {"coverage", "stateful"}
    with pytest.raises(ApiforgeError) as caught:
        phases_option(["fuzz"])
    assert "unknown name 'fuzz'" in str(caught.value)
    with pytest.raises(ApiforgeError):
        phases_option([","])


@pytest.mark.parametrize(
    ("include", "exclude", "sent"),
    [
        ((), (), {"GET", "PUT", "POST", "DELETE", "PATCH"}),
        ((), ("delete",), {"GET", "PUT", "POST", "PATCH"}),
        (("GET", "re:^P"), (), {"GET", "PUT", "POST", "PATCH"}),
        (("re:^P",), ("patch",), {"PUT", "POST"}),
    ],
)
def test_the_methods_a_selection_lets_a_run_send(
    include: tuple[str, ...], exclude: tuple[str, ...], sent: set[str]
) -> None:
    selection = Selection(include={"method": include}, exclude={"method": exclude})
    methods = ("GET", "PUT", "POST", "DELETE", "PATCH")
    assert {m for m in methods if selection.admits_method(m)} == sent
