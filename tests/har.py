"""The fields HAR 1.2 requires (http://www.softwareishard.com/blog/har-12-spec/), checked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

_LOG = {"version": str, "creator": dict, "entries": list}
_CREATOR = {"name": str, "version": str}
_ENTRY = {
    "startedDateTime": str,
    "time": (int, float),
    "request": dict,
    "response": dict,
    "cache": dict,
    "timings": dict,
}
_REQUEST = {
    "method": str,
    "url": str,
    "httpVersion": str,
    "cookies": list,
    "headers": list,
    "queryString": list,
    "headersSize": int,
    "bodySize": int,
}
_RESPONSE = {
    "status": int,
    "statusText": str,
    "httpVersion": str,
    "cookies": list,
    "headers": list,
    "content": dict,
    "redirectURL": str,
    "headersSize": int,
    "bodySize": int,
}
_CONTENT = {"size": int, "mimeType": str}
_TIMINGS = {"send": (int, float), "wait": (int, float), "receive": (int, float)}
_PAIR = {"name": str, "value": str}


def _fields(data: Any, wanted: dict[str, Any], where: str) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where}: not an object"]
    problems = [f"{where}/{k}: missing" for k in wanted if k not in data]
    problems += [
        f"{where}/{k}: {type(data[k]).__name__}"
        for k, kind in wanted.items()
        if k in data and (not isinstance(data[k], kind) or isinstance(data[k], bool))
    ]
    # fields beyond the spec's must start with an underscore
    known = set(wanted) | {"comment", "pages", "browser", "postData", "pageref", "serverIPAddress"}
    known |= {"connection", "text", "encoding", "compression", "blocked", "dns", "connect", "ssl"}
    known |= {"params", "fileName", "contentType"}
    known |= {"path", "domain", "expires", "httpOnly", "secure", "beforeRequest", "afterRequest"}
    problems += [f"{where}/{k}: not a HAR field" for k in data if k not in known and k[0] != "_"]
    return problems


def har_problems(data: Any) -> list[str]:
    """Each way ``data`` departs from HAR 1.2's required structure ([] for a valid log)."""
    if not isinstance(data, dict) or "log" not in data:
        return ["/log: missing"]
    log = data["log"]
    problems = _fields(log, _LOG, "/log")
    if problems:
        return problems
    problems += _fields(log["creator"], _CREATOR, "/log/creator")
    for i, entry in enumerate(log["entries"]):
        at = f"/log/entries/{i}"
        found = _fields(entry, _ENTRY, at)
        if found:
            problems += found
            continue
        try:
            datetime.fromisoformat(entry["startedDateTime"])
        except ValueError:
            problems.append(f"{at}/startedDateTime: not ISO 8601")
        request, response = entry["request"], entry["response"]
        problems += _fields(request, _REQUEST, f"{at}/request")
        problems += _fields(response, _RESPONSE, f"{at}/response")
        problems += _fields(response.get("content"), _CONTENT, f"{at}/response/content")
        problems += _fields(entry["timings"], _TIMINGS, f"{at}/timings")
        for part, owner in (("headers", request), ("headers", response), ("queryString", request)):
            for n, pair in enumerate(owner.get(part, [])):
                problems += _fields(pair, _PAIR, f"{at}/{part}/{n}")
        if "postData" in request:
            post = request["postData"]
            problems += _fields(post, {"mimeType": str}, f"{at}/request/postData")
            if "text" not in post and "params" not in post:
                problems.append(f"{at}/request/postData: neither text nor params")
        timings = [v for v in entry["timings"].values() if isinstance(v, int | float) and v >= 0]
        if abs(sum(timings) - entry["time"]) > 0.01:
            problems.append(f"{at}/time: not the sum of its timings")
        if response["content"].get("encoding") not in (None, "base64"):
            problems.append(f"{at}/response/content/encoding: not base64")
    return problems
