"""``<package>/models.py`` by datamodel-code-generator (the optional ``datamodel-codegen`` engine).

The IR goes in as an OpenAPI document whose component keys are the IR's class names
(:mod:`generator.render.dcg_schema`); datamodel-codegen, used as a library with the templates
of ``templates/models/dcg/``, writes the classes; ``templates/models/dcg/models.py.jinja``
frames them (header, docstring, ``__all__``). Every IR name is checked to come out as a
top-level name of the module, so the client and the tests import what they expect.
"""

from __future__ import annotations

import ast
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import jinja2

from generator import ir
from generator.errors import EXIT_USAGE, fail
from generator.facts.typefacts import clashing_names
from generator.naming import pascal
from generator.render.dcg_schema import build_schemas
from generator.render.imports import export_order
from generator.render.literals import docstring

__all__ = ["ENGINE", "INSTALL_HINT", "render", "require", "version", "versions"]

ENGINE = "datamodel-codegen"
DISTRIBUTION = "datamodel-code-generator"
PINNED = "0.89.0"
INSTALL_HINT = "pip install 'apiforge[dcg]'"


def _module() -> Any:
    """The datamodel_code_generator module, or a usage error naming the fix."""
    try:
        import datamodel_code_generator
    except ImportError:
        raise fail(
            "--models-engine datamodel-codegen",
            f"{DISTRIBUTION} is not installed: {INSTALL_HINT}",
            exit_code=EXIT_USAGE,
        ) from None
    return datamodel_code_generator


def require() -> None:
    """Fail early, with the fix, when datamodel-code-generator cannot be imported."""
    _module()


def version() -> str:
    """The installed datamodel-code-generator version (part of the output's provenance)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    require()
    try:
        return dist_version(DISTRIBUTION)
    except PackageNotFoundError:  # pragma: no cover - imported but not installed as a dist
        return "unknown"


def _pydantic_target(dcg: Any) -> Any:
    """The pydantic the output is for: 2.14 imports ``MISSING`` from ``pydantic`` itself."""
    import pydantic

    installed = tuple(int(p) for p in pydantic.VERSION.split(".")[:2] if p.isdigit())
    if installed < (2, 12):
        raise fail(
            f"--models-engine {ENGINE}",
            f"needs pydantic>=2.12 for its MISSING sentinel (found {pydantic.VERSION})",
            exit_code=EXIT_USAGE,
        )
    target = dcg.TargetPydanticVersion
    return target.V2_14 if installed >= (2, 14) else target.V2_12


def versions() -> dict[str, str]:
    """What the output of this engine depends on, for the manifest."""
    import pydantic

    return {DISTRIBUTION: version(), "pydantic": pydantic.VERSION}


def custom_template_dir(env: jinja2.Environment) -> Path:
    """The first ``models/dcg`` folder on the template search path (a user's wins)."""
    loader = env.loader
    roots = loader.searchpath if isinstance(loader, jinja2.FileSystemLoader) else []
    for root in roots:
        folder = Path(root) / "models" / "dcg"
        if (folder / "pydantic_v2").is_dir():
            return folder
    raise fail("templates", "no models/dcg/pydantic_v2 template folder found")


def options(api: ir.Api, templates: Path) -> dict[str, Any]:
    """The datamodel-codegen settings: the most exact wire behaviour it offers.

    Strict scalars come from ``customTypePath`` in the document; ``use_missing_sentinel``
    lets an optional non-nullable property be absent but never null; ``strict_nullable``
    keeps a required nullable property required; a default never widens a type to ``None``.
    """
    dcg = _module()
    schemas = build_schemas(api)
    return {
        "input_": json.dumps(schemas.document, sort_keys=False, ensure_ascii=False),
        "input_file_type": dcg.InputFileType.OpenAPI,
        "input_filename": api.spec_file,
        "output_model_type": dcg.DataModelType.PydanticV2BaseModel,
        "target_python_version": dcg.PythonVersion.PY_311,
        "target_pydantic_version": _pydantic_target(dcg),
        "base_class": f"{api.package}._models.Model",
        "custom_template_dir": templates,
        # IR names as they are (its own rules would turn `Tag_` into `Tag`); the helper
        # aliases datamodel-codegen adds are named by apiforge's class-name rule
        "custom_class_name_generator": lambda name: name if name in api.named else pascal(name),
        "aliases": dict(sorted(schemas.aliases.items())),
        "enum_field_as_literal_map": {wire: "literal" for wire in sorted(schemas.literal_fields)},
        "capitalise_enum_members": True,
        "use_missing_sentinel": True,
        "strict_nullable": True,
        "use_annotated": True,
        "field_constraints": True,
        "use_type_alias": True,
        "use_schema_description": True,
        "use_field_description": True,
        "use_double_quotes": True,
        "keep_model_order": True,
        "disable_timestamp": True,
        "custom_file_header": docstring(
            f"Models of {api.title}: one class per object schema, by {DISTRIBUTION} {version()}."
        ),
        "formatters": [],
        **_class_data(api),
    }


def _class_data(api: ir.Api) -> dict[str, Any]:
    """What the class template (``BaseModel.jinja2``) adds to the classes datamodel-codegen
    writes: the count of ``minProperties``/``maxProperties``, which it leaves out, with the
    runtime's validator; and, where an undeclared property may carry a field's Python name,
    the runtime's validator that keeps it apart (:func:`typefacts.clashing_names`)."""
    data: dict[str, dict[str, Any]] = defaultdict(dict)
    imports: set[str] = set()
    for m in api.models:
        if m.min_properties is not None or m.max_properties is not None:
            data[m.name].update(min_properties=m.min_properties, max_properties=m.max_properties)
            imports |= {"typing.Any", "pydantic.model_validator"}
            imports.add(f"{api.package}._types.count_properties")
        if clashing_names(m):
            data[m.name]["clashing"] = True
            imports |= {"typing.Self", "pydantic.model_validator"}
            imports.add(f"{api.package}._wire.clash_noted")
    if not data:
        return {}
    return {"extra_template_data": data, "additional_imports": sorted(imports)}


def _run(settings: dict[str, Any]) -> str:
    dcg = _module()
    source = settings.pop("input_")
    try:
        text = dcg.generate(source, **settings)
    except dcg.Error as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise fail(settings["input_filename"], f"datamodel-codegen failed: {detail}") from None
    if not isinstance(text, str):  # pragma: no cover - one module in, one module out
        raise fail(settings["input_filename"], "datamodel-codegen returned more than one module")
    return text


def top_level_names(text: str) -> set[str]:
    """Classes and assigned names at the top of a module."""
    names: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def field_names(text: str) -> dict[str, set[str]]:
    """For each top-level class, the names it annotates."""
    out: dict[str, set[str]] = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = {
                s.target.id
                for s in node.body
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            }
    return out


def check_names(api: ir.Api, text: str) -> None:
    """Fail unless every IR name, and every model's field names, are in ``text`` unchanged."""
    missing = sorted(set(api.named) - top_level_names(text))
    fields = field_names(text)
    for model in api.models:
        lost = {f.name for f in model.fields} - fields.get(model.name, set())
        missing.extend(f"{model.name}.{name}" for name in sorted(lost))
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise fail(
            api.spec_file,
            f"datamodel-codegen renamed or dropped {shown}; use `--models-engine apiforge`",
        )


def relative_imports(text: str, package: str) -> str:
    """The package's own imports made relative, so a vendored package can be renamed.

    datamodel-codegen takes only absolute paths for ``base_class`` and ``customTypePath``;
    the lines it writes for them are top-level ``from <package>.<module> import ...``.
    """
    own = f"from {package}."
    return "".join(
        "from ." + line.removeprefix(own) if line.startswith(own) else line
        for line in text.splitlines(keepends=True)
    )


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """``<package>/models.py``, its classes written by datamodel-codegen."""
    body = relative_imports(_run(options(api, custom_template_dir(env))), api.package)
    check_names(api, body)
    text = env.get_template("models/dcg/models.py.jinja").render(
        api=api,
        header=header,
        body=body.strip("\n"),
        exports=export_order(api.named),
    )
    return {f"{api.package}/models.py": text}
