"""What a caller can get wrong that only complaint intake knows, as problems that say what
to change (the common ones, ``NotFound``, ``NotYourDepartment``, ``WrongState`` and
``Unusable``, are ``shared.errors``'). None of them ever carries the reporter's data."""

from __future__ import annotations

from collections.abc import Iterable

from shared.errors import DomainProblem, Unusable


class UnknownCategory(DomainProblem):
    def __init__(self, category: str, valid: Iterable[str]) -> None:
        listed = sorted(valid)
        super().__init__(422, "Unknown category",
                         f"category {category[:40]!r} is not in the 职责边界清单; use one of: "
                         f"{', '.join(listed)}", "unknown-category", valid_categories=listed)


class SubjectMissing(DomainProblem):
    def __init__(self) -> None:
        super().__init__(422, "Subject missing",
                         "name the subject: give subject.uscc (统一社会信用代码) or "
                         "subject.name (and subject.address)", "subject-missing")


def unknown_department(field: str, code: str) -> Unusable:
    """422: ``code`` (in ``field``) is no department of the reference data."""
    return Unusable(field, f"department {code!r} is not in departments.yaml; use a "
                    "department code such as SCJG", "unknown-department", department=code)


class RestrictedReporterQuota(DomainProblem):
    """CP-5: a reporter restricted for malicious reports has used up their public filings."""

    def __init__(self, wait: int, until: object, requests: int, per_seconds: int) -> None:
        super().__init__(
            429, "Restricted reporter",
            f"reports given under these particulars were closed as malicious (恶意中伤); "
            f"until {until} they may file {requests} public complaint(s) per "
            f"{per_seconds // 86400} days: try again in {wait} seconds, or call the 12315 "
            "hotline", "restricted-reporter", headers={"Retry-After": str(wait)})


class ReceiptNotFound(DomainProblem):
    """The same answer for every unknown code: it tells nothing about codes near it."""

    def __init__(self) -> None:
        super().__init__(404, "Receipt not found",
                         "no complaint has this receipt code; check the 16 digits on your "
                         "receipt", "receipt-not-found")


class PublicChannelOnly(DomainProblem):
    def __init__(self, channel: str) -> None:
        super().__init__(422, "Channel needs credentials",
                         f"channel {channel!r} is for departments relaying a filing; send a "
                         "departmental token, or leave channel out to file as the public",
                         "channel-needs-credentials")


class ChannelMissing(DomainProblem):
    def __init__(self, channels: Iterable[str]) -> None:
        super().__init__(422, "Channel missing",
                         "a department relaying a filing says which channel it came in on; "
                         f"set channel to one of {', '.join(channels)}", "channel-missing")
