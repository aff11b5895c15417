"""Runs the Python ports of the demos (seeds/NAME.py) on CPython's asyncio in virtual time and
prints what they print: the transcripts that spec/demos.spec.ts compares `npm run demo --
NAME --cpython` with.

    python3 spec/oracle/seed.py bread            # one
    python3 spec/oracle/seed.py bread countdown  # several, each after a line "=== NAME"
    python3 spec/oracle/seed.py --headings bread # the heading even for one

NAME is the demo's name (countdown-sync runs seeds/countdown_sync.py). A port's main() is a
coroutine function, run by asyncio.run on a VirtualTimeLoop, or a plain function (sendpc).
"""
import asyncio
import importlib
import inspect
import os
import sys

from vloop import VirtualTimeLoop

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "seeds")


def names():
    return sorted(f[:-3].replace("_", "-") for f in os.listdir(SEEDS) if f.endswith(".py"))


def run_seed(name):
    main = importlib.import_module(name.replace("-", "_")).main
    if inspect.iscoroutinefunction(main):
        asyncio.run(main(), loop_factory=VirtualTimeLoop)
    else:
        main()


if __name__ == "__main__":
    if sys.version_info < (3, 13):
        raise SystemExit(f"the oracle is CPython 3.13 or later, this is {sys.version}")
    sys.path.insert(0, SEEDS)
    args = [a for a in sys.argv[1:] if a != "--headings"]
    headings = len(args) > 1 or "--headings" in sys.argv
    if not args:
        raise SystemExit(f"usage: python3 {sys.argv[0]} [--headings] NAME...; names: {', '.join(names())}")
    unknown = [a for a in args if a not in names()]
    if unknown:
        raise SystemExit(f"no port named {', '.join(unknown)} in {SEEDS}; there are: {', '.join(names())}")
    for name in args:
        if headings:
            print(f"=== {name}")
        run_seed(name)
        sys.stdout.flush()
