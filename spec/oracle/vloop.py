"""Virtual time for CPython's asyncio: the project's oracle loop.

`VirtualTimeLoop` is CPython's own `SelectorEventLoop` (its ready queue, its timer heap, its
ordering rules, untouched) with two changes:

- `time()` reads a counter that starts at 0.0 instead of the monotonic clock;
- the selector does no I/O: when the loop would block for `timeout` seconds waiting for the next
  timer, the counter moves forward by exactly `timeout` and the wait returns at once.

So a program that sleeps for an hour finishes in microseconds, prints exact timestamps
(0.5000, not 0.5012), and gives the same output on every run. The clock moves the way CPython's
own arithmetic says: `_run_once` computes `timeout = when - now`, and the counter becomes
`now + timeout`, which is not always `when` in floating point (0.2 + (0.8 - 0.2) is
0.7999999999999998 when 0.1 + 0.7 was the deadline). yieldfrom's `timers: 'cpython'` mode
reproduces that arithmetic, so the oracle must not "fix" it.

Use: `asyncio.run(main(), loop_factory=VirtualTimeLoop)` (CPython 3.12+), or `run(main())`.
No network, no subprocesses, no threads: a program that waits on anything but a timer with no
timer pending would wait forever, and raises `VirtualTimeDeadlock` instead.
"""
import asyncio
import selectors

__all__ = ["VirtualTimeLoop", "VirtualTimeDeadlock", "run"]

# CPython takes the resolution from the monotonic clock (1 ns on Linux); timers due within one
# resolution of now fire in the same pass. Fixed here so the oracle is the same on every OS.
CLOCK_RESOLUTION = 1e-9


class VirtualTimeDeadlock(RuntimeError):
    """Nothing is ready to run and no timer is pending: the program would wait forever."""


class _TimerOnlySelector(selectors.BaseSelector):
    """A selector that never reports I/O. It keeps the registrations the loop makes (its
    self-pipe) so that the loop can add and remove them, and turns every wait into a jump of
    the owning loop's clock."""

    def __init__(self, loop):
        self._loop = loop
        self._keys = {}

    @staticmethod
    def _fd(fileobj):
        return fileobj if isinstance(fileobj, int) else fileobj.fileno()

    def register(self, fileobj, events, data=None):
        fd = self._fd(fileobj)
        if fd in self._keys:
            raise KeyError(f"{fileobj!r} (fd {fd}) is already registered")
        key = selectors.SelectorKey(fileobj, fd, events, data)
        self._keys[fd] = key
        return key

    def unregister(self, fileobj):
        return self._keys.pop(self._fd(fileobj))

    def get_key(self, fileobj):
        return self._keys[self._fd(fileobj)]

    def get_map(self):
        return dict(self._keys)

    def select(self, timeout=None):
        if timeout is None:
            raise VirtualTimeDeadlock("nothing is ready to run and no timer is pending")
        if timeout > 0:
            self._loop._advance(timeout)
        return []

    def close(self):
        self._keys.clear()


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """CPython's selector event loop on a virtual clock that starts at 0.0."""

    def __init__(self):
        self._virtual_now = 0.0
        super().__init__(selector=_TimerOnlySelector(self))
        self._clock_resolution = CLOCK_RESOLUTION

    def time(self):
        return self._virtual_now

    def _advance(self, seconds):
        self._virtual_now += seconds


def run(main):
    """`asyncio.run(main)` on a new `VirtualTimeLoop`: runs the coroutine to its end, then
    cancels and awaits what is left, as asyncio.run does, and closes the loop."""
    return asyncio.run(main, loop_factory=VirtualTimeLoop)
