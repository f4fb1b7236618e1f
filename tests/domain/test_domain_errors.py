"""domain/errors.py: an operating-system failure becomes one line in a user's words (what
could not be done, why, and that nothing was written; never an exception class name), and
control characters in a message are escaped so it stays one line."""

from __future__ import annotations

import errno

import pytest

from cec_ledger.domain.errors import FileProblem, os_failure, printable


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (errno.ENOENT, "no such file or directory"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "permission denied"),
        (errno.EROFS, "the file system is read-only"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EISDIR, "it is a directory"),
    ],
)
def test_known_os_failures_in_words(code: int, why: str) -> None:
    problem = os_failure(OSError(code, "Strerror Text"), "cannot write report.md")
    assert isinstance(problem, FileProblem)
    assert str(problem) == f"cannot write report.md: {why}; nothing was written"


def test_another_os_failure_gives_the_systems_reason_in_lower_case() -> None:
    problem = os_failure(OSError(errno.EIO, "Input/Output Error"), "cannot write x")
    assert str(problem) == "cannot write x: input/output error; nothing was written"


def test_an_os_failure_without_a_code_or_reason() -> None:
    assert str(os_failure(OSError(), "cannot open y")) == (
        "cannot open y: the system refused; nothing was written"
    )


def test_printable_escapes_control_characters_only() -> None:
    assert printable("a\nb\tc\x1bd é") == "a\\nb\\tc\\x1bd é"
    assert printable("C:\\path 'x' \"y\"") == "C:\\path 'x' \"y\""  # printable kept as is
