"""GitHub code scanning's rules for uploaded SARIF, beyond the OASIS schema: what makes an upload refused, or
its alerts lost. Each check cites the page that states it.

SUPPORT = GitHub Docs, "SARIF support for code scanning"
  (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning)
LIMITS = GitHub Docs, "SARIF results exceed one or more limits"
  (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit)
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

LEVELS = {"none", "note", "warning", "error"}
RESERVED_FINGERPRINTS = {"primaryLocationLineHash", "primaryLocationStartColumnFingerprint"}


def problems(log: dict[str, Any]) -> list[str]:
    """Every way ``log`` breaks code scanning's rules; [] when none."""
    out: list[str] = []
    # SUPPORT, "About SARIF support": code scanning reads SARIF 2.1.0 only.
    if log.get("version") != "2.1.0":
        out.append("version must be 2.1.0")
    runs = log.get("runs") or []
    # LIMITS: at most 20 runs per file.
    if not runs or len(runs) > 20:
        out.append(f"{len(runs)} runs (1 to 20)")
    for run in runs:
        out += _run(run)
    return out


def _run(run: dict[str, Any]) -> list[str]:
    out: list[str] = []
    driver = (run.get("tool") or {}).get("driver") or {}
    # SUPPORT, "toolComponent object": driver.name is required.
    if not driver.get("name"):
        out.append("tool.driver.name missing")
    rules = driver.get("rules") or []
    # LIMITS: at most 25,000 rules per run; at most 20 tags per rule.
    if len(rules) > 25_000:
        out.append("more than 25 000 rules")
    ids = set()
    for rule in rules:
        # SUPPORT, "reportingDescriptor object": id is required; shortDescription and fullDescription are
        # shown with each alert (at most 1 024 characters); help documents the rule.
        if not rule.get("id"):
            out.append("a rule without id")
        ids.add(rule.get("id"))
        for key in ("shortDescription", "fullDescription"):
            text = (rule.get(key) or {}).get("text", "")
            if not text or len(text) > 1024:
                out.append(f"rule {rule.get('id')}: {key}.text missing or over 1024 characters")
        if not (rule.get("help") or {}).get("text"):
            out.append(f"rule {rule.get('id')}: help.text missing")
        if len((rule.get("properties") or {}).get("tags", [])) > 20:
            out.append(f"rule {rule.get('id')}: more than 20 tags")
        level = (rule.get("defaultConfiguration") or {}).get("level", "warning")
        if level not in LEVELS:
            out.append(f"rule {rule.get('id')}: defaultConfiguration.level {level!r}")
    results = run.get("results")
    # LIMITS: at most 25,000 results per run.
    if results is None or len(results) > 25_000:
        out.append("results missing or more than 25 000")
    bases = run.get("originalUriBaseIds") or {}
    for name, base in bases.items():
        # SARIF 2.1.0 §3.14.14: an originalUriBaseIds entry gives an absolute URI ending in a slash.
        uri = (base or {}).get("uri", "")
        if not (urlsplit(uri).scheme and uri.endswith("/")):
            out.append(f"originalUriBaseIds {name}: {uri!r} is not an absolute URI ending in /")
    for i, result in enumerate(results or []):
        out += [f"result {i}: {p}" for p in _result(result, ids, bases)]
    return out


def _result(result: dict[str, Any], rule_ids: set[Any], bases: dict[str, Any]) -> list[str]:
    out: list[str] = []
    # SUPPORT, "result object": ruleId names the rule (it must be the same across runs to track alerts), and
    # the rule is described in tool.driver.rules.
    if not result.get("ruleId") or result["ruleId"] not in rule_ids:
        out.append(f"ruleId {result.get('ruleId')!r} missing or not among the rules")
    # SUPPORT, "result object": message.text is required.
    if not (result.get("message") or {}).get("text"):
        out.append("message.text missing")
    # SUPPORT, "result object": level is one of note, warning, error (none is accepted by SARIF).
    if result.get("level", "warning") not in LEVELS:
        out.append(f"level {result.get('level')!r}")
    locations = result.get("locations") or []
    # SUPPORT, "result object": at least one location is required for code scanning to show a result (an upload
    # with a result without one is refused: "locationFromSarifResult: expected at least one location").
    if not locations:
        out.append("no location")
    # LIMITS: at most 1,000 locations per result.
    if len(locations) + len(result.get("relatedLocations") or []) > 1000:
        out.append("more than 1000 locations")
    for location in [*locations, *(result.get("relatedLocations") or [])]:
        out += _location(location, bases)
    # SUPPORT, "Providing data to track code scanning alerts across runs": partialFingerprints identify a
    # result across runs; primaryLocationLineHash is the key code scanning computes itself from the source,
    # and a value of another form is reported as inconsistent.
    prints = result.get("partialFingerprints") or {}
    if not prints:
        out.append("no partialFingerprints")
    for key in prints:
        if key in RESERVED_FINGERPRINTS:
            out.append(f"partialFingerprints uses code scanning's own key {key}")
    return out


def _location(location: dict[str, Any], bases: dict[str, Any]) -> list[str]:
    out: list[str] = []
    physical = location.get("physicalLocation") or {}
    artifact = physical.get("artifactLocation") or {}
    uri = artifact.get("uri", "")
    # SUPPORT, "physicalLocation object": artifactLocation.uri is required, best a path relative to the root of
    # the repository analysed (e.g. src/main.js); a uriBaseId must be one run.originalUriBaseIds defines.
    if not uri:
        out.append("artifactLocation.uri missing")
    elif urlsplit(uri).scheme or uri.startswith("/") or unquote(uri).startswith("../"):
        out.append(f"artifactLocation.uri {uri!r} is not relative to the checkout")
    elif re.search(r"[\s\"<>\\^`{|}]|%(?![0-9A-F]{2})", uri):
        out.append(f"artifactLocation.uri {uri!r} is not a percent-encoded URI reference")
    base = artifact.get("uriBaseId")
    if base is not None and base not in bases:
        out.append(f"uriBaseId {base!r} not in originalUriBaseIds")
    # SUPPORT, "region object": startLine is required (the line of the first character of the region), and
    # columns count from 1.
    region = physical.get("region") or {}
    if not isinstance(region.get("startLine"), int) or region["startLine"] < 1:
        out.append("region.startLine missing or below 1")
    if "startColumn" in region and (not isinstance(region["startColumn"], int) or region["startColumn"] < 1):
        out.append("region.startColumn below 1")
    return out
