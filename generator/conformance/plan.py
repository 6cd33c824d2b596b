"""Each operation's deterministic cases: the valid ones of the case source that the spec's
validator accepts, the refusals of credentials, and the near misses (body mutations, place
by place, parameter mutations and the other invalid requests of
:mod:`generator.conformance.negatives`); one case of each kind first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from generator import ir
from generator.conformance.cases import CaseSource, RequestData
from generator.conformance.checks import CaseKind, checks_for
from generator.conformance.lax import lax_reading
from generator.conformance.negatives import invalid_requests
from generator.conformance.order import changed_at, place_by_place
from generator.conformance.source import MEDIA, PLACES
from generator.conformance.state import Case, RunState
from generator.conformance.visible import form_reads_valid, read_back
from generator.conformance.wire import Auth
from generator.exchange import schema_pointer, wire_readings

_SHOWN = 3  # operations named in a note, the others counted
# the keywords that refuse a property an object does not declare
_UNDECLARED = frozenset({"additionalProperties", "unevaluatedProperties"})


def named(ops: list[ir.Operation]) -> str:
    """Operations as a note names them: the first few, the others counted."""
    shown = ", ".join(f"{op.method.upper()} {op.path}" for op in ops[:_SHOWN])
    return shown + (f" and {len(ops) - _SHOWN} more" if ops[_SHOWN:] else "")


class Planning(RunState):
    """The deterministic cases of an operation."""

    def _can_authenticate(self, op: ir.Operation) -> bool:
        secured = bool(op.security) and all(op.security)
        if secured and self.token is None:
            self.untokened.add(op.operation_id)
            return False
        return True

    def _deterministic(self, op: ir.Operation, source: CaseSource) -> tuple[list[Case], list[Case]]:
        """One case of each kind (each catches a different class of bug), and the rest."""
        valid = [(d, r) for d, r in source.coverage(op) if self._valid(op, r)]
        secured = bool(op.security) and all(op.security)
        refusals: list[tuple[CaseKind, str, RequestData, Auth]] = []
        if secured and valid:
            refusals.append(("no_auth", "a valid request without credentials", valid[0][1], "none"))
            if self.token is not None:
                refusals.append(
                    ("wrong_auth", "a valid request with a wrong credential", valid[0][1], "wrong")
                )
        accepted: list[tuple[CaseKind, str, RequestData, Auth]] = []
        mutations: list[tuple[CaseKind, str, RequestData, Auth]] = []
        if self._can_authenticate(op) and valid:
            accepted = [("coverage", d, r, "token") for d, r in valid]
            accepted += self._as_other_media(op, valid)
            mutations = list(self._mutations(op, source, [r for _, r in valid]))
        firsts = [group[0] for group in (refusals[:1], mutations, accepted, refusals[1:]) if group]
        return firsts, [case for case in (*accepted, *mutations) if case not in firsts]

    def unexercised(self) -> tuple[str, str]:
        """The operations nothing was sent of, named, since a run that sends nothing of an
        operation says nothing of it ("" where there are none): those of which the spec's
        validator refused a generated case, and the others, of which no case was drawn at
        all (the generated cases gave up on a schema their models do not read whole)."""
        sent = {operation for operation, _ in self.report.stats}
        idle = [op for op in self.operations if op.operation_id not in sent]
        refused = [op for op in idle if op.operation_id in self.refused]
        judged = any(name in self.checks for name in checks_for("random"))
        drawn = judged and bool({"coverage", "random"} & self.phases)
        undrawn = [op for op in idle if op.operation_id not in self.refused] if drawn else []
        return named(refused), named(undrawn)

    def _mutations(
        self, op: ir.Operation, source: CaseSource, valid: list[RequestData]
    ) -> Iterator[tuple[CaseKind, str, RequestData, Auth]]:
        seen: set[str] = set()
        # only JSON has types on the wire: a text or binary body of "7" is a valid string
        json_body = op.body is not None and op.body.kind == "json"
        bases = [r for r in valid if "body" in r] if json_body else []
        if bases and op.body is not None:
            largest = max(bases, key=lambda r: len(json.dumps(r["body"], default=str)))
            near: list[tuple[tuple[Any, ...], Case]] = []
            accepts = partial(self.validator.is_valid, op.body.pointer)
            for base in (bases[0], largest):
                for description, body in source.mutations(op, base["body"]):
                    if description in seen:
                        continue
                    seen.add(description)
                    if body is None and not op.body.required:
                        # JSON's null where the body may be left out: a server may read it as
                        # no body (as many frameworks do), which is valid; or refuse it
                        self.null_bodies += 1
                        continue
                    if self.validator.is_valid(op.body.pointer, body):
                        self.still_valid += 1
                        continue
                    apart = self.validator.read_apart(op.body.pointer, body, valid=False)
                    if apart is not None:  # valid as another reading some servers take
                        self.readings_differ[apart] += 1
                        continue
                    undeclared = {
                        issue.keyword for issue in self.validator.issues(op.body.pointer, body)
                    } <= _UNDECLARED
                    lax = lax_reading(base["body"], body, accepts, undeclared=undeclared)
                    kind: CaseKind = "lax_mutation" if lax else "mutation"
                    case: Case = (kind, description, {**base, "body": body}, "token")
                    near.append((changed_at(base["body"], body), case))
            yield from place_by_place(near)  # each field tried early, not behind the others
        if valid:
            yield from self._param_mutations(op, valid[0])
        for kind, description, request in invalid_requests(
            self.api, op, valid, self.validator, self.selection.admits_method
        ):
            yield kind, description, request, "token"

    def _param_mutations(
        self, op: ir.Operation, base: RequestData
    ) -> Iterator[tuple[CaseKind, str, RequestData, Auth]]:
        for param in op.params:
            if param.location == "path":
                continue
            where = PLACES[param.location]
            rest = {k: v for k, v in base[where].items() if k != param.wire}
            # left out where the bytes still read it (another's exploded properties): no miss
            if param.required and not read_back(
                self.api, op, {**base, where: rest}, param, self.validator
            ):
                yield (
                    "mutation",
                    f"missing required {param.location} parameter {param.wire!r}",
                    {
                        **base,
                        where: rest,
                    },
                    "token",
                )
            wrong = "apiforge-not-valid"
            pointer = schema_pointer(self.api.schema_document, param.pointer)
            readings = wire_readings(self.api, param, wrong)  # []: the server sees no parameter
            if readings and not any(self.validator.is_valid(pointer, r) for r in readings):
                yield (
                    "mutation",
                    f"wrong type for {param.location} parameter {param.wire!r}",
                    {
                        **base,
                        where: {**base[where], param.wire: wrong},
                    },
                    "token",
                )

    def _as_other_media(
        self, op: ir.Operation, valid: list[tuple[str, RequestData]]
    ) -> list[tuple[CaseKind, str, RequestData, Auth]]:
        """Valid requests whose body goes as another media type the operation documents for
        the same schema (``Operation.other_bodies``), which a server takes as it takes the
        preferred one: the smallest and the fullest body of the coverage cases, each where
        its writing in that media type reads back as valid."""
        bodied = [(d, r) for d, r in valid if "body" in r]
        chosen = [bodied[0], bodied[-1]] if len(bodied) > 1 else bodied
        cases: list[tuple[CaseKind, str, RequestData, Auth]] = []
        for other in op.other_bodies:
            for description, request in chosen:
                sent = {**request, MEDIA: other.content_type}
                if form_reads_valid(self.api, op, sent, self.validator):
                    cases.append(
                        ("coverage", f"{description}, as {other.content_type}", sent, "token")
                    )
        return cases

    def _valid(self, op: ir.Operation, request: RequestData) -> bool:
        if op.body is not None:
            if "body" not in request:
                if op.body.required:
                    return self._skip(op)
            elif not isinstance(request["body"], bytes) and not self.validator.is_valid(
                op.body.pointer, request["body"]
            ):  # bytes are the binary body itself, which no JSON schema reads
                return self._skip(op)
            elif not isinstance(request["body"], bytes) and (
                apart := self.validator.read_apart(op.body.pointer, request["body"], valid=True)
            ):  # invalid as another reading some servers take (plain `oneOf`, 3.0.3's nullable)
                self.readings_differ[apart] += 1
                return False
            elif not form_reads_valid(self.api, op, request, self.validator):
                self.unsendable += 1  # its text reads as an invalid body
                return False
        for param in op.params:
            values = request.get(PLACES[param.location], {})
            if param.wire not in values:
                if param.required:
                    return self._skip(op)
                continue
            pointer = schema_pointer(self.api.schema_document, param.pointer)
            if not self.validator.is_valid(pointer, values[param.wire]):
                return self._skip(op)
        return True

    def _skip(self, op: ir.Operation) -> bool:
        self.skipped += 1
        self.refused.add(op.operation_id)
        return False
