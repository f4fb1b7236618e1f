"""Re-run the README's CLI tour and write the real output back into its console blocks.

Run from the repository root: ``.venv/bin/python scripts/update_readme.py``; then review the
diff. ``tests/test_readme.py`` fails whenever the README and the real output differ.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.clihelp import invoke

README = Path(__file__).resolve().parents[1] / "README.md"
SEAL = "cec-seal-v1:237:SEAL"


def main() -> None:
    text = README.read_text()
    os.environ["COLUMNS"] = "100"
    for name in [k for k in os.environ if k.startswith("CEC_LEDGER_")]:
        del os.environ[name]
    actual_seal = None
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)

        def rerun(block: re.Match[str]) -> str:
            nonlocal actual_seal
            out = []
            for chunk in re.split(r"^\$ ", block.group(1), flags=re.M)[1:]:
                command = chunk.partition("\n")[0]
                argv = shlex.split(command.replace(SEAL, actual_seal or SEAL))
                outcome = invoke(None, *argv[1:], actor="")
                shown = outcome.out + outcome.err
                if argv[-1] == "seal":
                    actual_seal = outcome.out.strip()
                    shown = SEAL + "\n"
                out.append(f"$ {command}\n{shown}")
            return "```console\n" + "".join(out) + "```"

        text = re.sub(r"```console\n(.*?)```", rerun, text, flags=re.S)
    README.write_text(text)


if __name__ == "__main__":
    main()
