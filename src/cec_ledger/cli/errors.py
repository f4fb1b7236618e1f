"""One line on stderr and a meaningful exit code, never a traceback.

Exit codes: 0 success; 1 a domain rule, bad data or an unavailable ledger; 2 a usage error
(unknown option, missing argument); 130 interrupted. ``CEC_LEDGER_DEBUG=1`` re-raises
unexpected errors so developers still get their traceback.
"""

from __future__ import annotations

import os
import sys

import click

from cec_ledger.domain.errors import DomainError

EXIT_DOMAIN = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_DOMAIN) -> int:
    click.echo(f"error: {message}", err=True)
    return code


def run(command: click.Command, argv: list[str] | None = None) -> int:
    """Invoke ``command`` and turn every failure into one line and an exit code."""
    try:
        result = command.main(args=argv, prog_name="cec-ledger", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as error:
        hint = ""
        if error.ctx is not None:
            hint = f" (see '{error.ctx.command_path} --help')"
        return fail(f"{_one_line(error.format_message())}{hint}", EXIT_USAGE)
    except click.Abort:
        return fail("aborted", EXIT_DOMAIN)
    except click.ClickException as error:
        return fail(_one_line(error.format_message()), error.exit_code)
    except DomainError as error:
        return fail(_one_line(str(error)))
    except KeyboardInterrupt:
        return fail("interrupted; nothing half-written (each write is one transaction)", 130)
    except BrokenPipeError:
        # `cec-ledger timeline | head`: the reader went away; not an error worth a message.
        sys.stderr.close()
        return 0
    except Exception as error:
        if os.environ.get("CEC_LEDGER_DEBUG"):
            raise
        return fail(
            f"unexpected {type(error).__name__}: {_one_line(str(error))} "
            "(set CEC_LEDGER_DEBUG=1 for details)"
        )
    return result if isinstance(result, int) else 0


def _one_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return " ".join(lines) if lines else "failed"
