"""Who the knowledge may cite: the sourcing policy's lists of sites, read from one data file.

``knowledge/policy/publishers.yaml`` names the sites whose pages count as trusted (space
agencies, makers and operators of their own craft, record keepers, encyclopedias, museums,
established news organisations, specialist publications) and the sites never acceptable
(forums, video and social sites, job boards, wiki mirrors and scraped copies, content farms,
document sharing, personal blogs). A site stands for itself and all its subdomains. Any other
site is allowed but not trusted. ``stationbot check`` rejects the unacceptable ones;
``stationbot gaps`` lists entries with no trusted source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from bot.engine.errors import KnowledgeError, KnowledgeIssue

Tier = Literal["trusted", "unrated", "not-acceptable"]
POLICY_FILE = Path("policy") / "publishers.yaml"
_SECTIONS = ("trusted", "not_acceptable")


@dataclass(frozen=True, slots=True)
class Rating:
    """What the policy says of one cited page: its tier and, when listed, the kind of site."""

    tier: Tier
    site: str
    kind: str | None = None  # "space agency or public body", "personal blog", ...


@dataclass(frozen=True)
class Publishers:
    """The policy's lists: listed site (``nasa.gov``) -> its kind, per tier."""

    trusted: Mapping[str, str]
    not_acceptable: Mapping[str, str]

    def rate(self, url: str) -> Rating:
        """Rate the page at ``url`` by its site or the nearest listed parent domain."""
        host = site_of(url)
        labels = host.split(".")
        for start in range(len(labels) - 1):  # blogs.nasa.gov, then nasa.gov (never "gov")
            domain = ".".join(labels[start:])
            if domain in self.trusted:
                return Rating("trusted", host, self.trusted[domain])
            if domain in self.not_acceptable:
                return Rating("not-acceptable", host, self.not_acceptable[domain])
        return Rating("unrated", host)

    def is_trusted(self, url: str) -> bool:
        """True when the page at ``url`` is on a trusted site."""
        return self.rate(url).tier == "trusted"


def site_of(url: str) -> str:
    """The site a URL is on, as people name it: "https://www.nasa.gov/x" -> "nasa.gov"."""
    host = (urlsplit(url).hostname or "").casefold()
    return host.removeprefix("www.")


def policy_file(knowledge_dir: Path) -> Path:
    """The policy for the knowledge in ``knowledge_dir``: its own ``policy/publishers.yaml``,
    else the one shipped with stationbot."""
    own = knowledge_dir / POLICY_FILE
    if knowledge_dir.is_dir() and own.is_file():
        return own
    from bot.engine.loader import default_knowledge_dir

    return default_knowledge_dir() / POLICY_FILE


@cache
def load_publishers(path: Path) -> Publishers:
    """Read the policy file at ``path``; raise KnowledgeError naming what is wrong in it."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError([_issue(path, None, f"cannot read the policy: {exc}")]) from exc
    if not isinstance(data, dict) or set(data) != set(_SECTIONS):
        raise KnowledgeError([_issue(path, None, "expected 'trusted:' and 'not_acceptable:'")])
    issues: list[KnowledgeIssue] = []
    lists: dict[str, dict[str, str]] = {section: {} for section in _SECTIONS}
    for section in _SECTIONS:
        kinds = data[section] or {}
        if not isinstance(kinds, dict):
            issues.append(_issue(path, section, "must map each kind of site to a list of sites"))
            continue
        for kind, sites in kinds.items():
            where = f"{section}.{kind}"
            if not isinstance(sites, list) or not all(isinstance(s, str) for s in sites):
                issues.append(_issue(path, where, "must be a list of sites"))
                continue
            for site in sites:
                domain = site.strip().casefold().removeprefix("www.")
                if "." not in domain or "/" in domain:
                    issues.append(_issue(path, where, f"{site!r} is not a site name like nasa.gov"))
                elif any(domain in listed for listed in lists.values()):
                    issues.append(_issue(path, where, f"{site!r} is listed twice"))
                else:
                    lists[section][domain] = str(kind)
    if issues:
        raise KnowledgeError(issues)
    return Publishers(trusted=lists["trusted"], not_acceptable=lists["not_acceptable"])


def _issue(path: Path, where: str | None, message: str) -> KnowledgeIssue:
    return KnowledgeIssue(path, None, None, where, message)


def publishers_for(knowledge_path: Path) -> Publishers:
    """The policy that applies to the knowledge at ``knowledge_path`` (a folder or one file)."""
    folder = knowledge_path if knowledge_path.is_dir() else knowledge_path.parent
    return load_publishers(policy_file(folder).resolve())
