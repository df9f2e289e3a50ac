"""The test and reliability harness: crash points, reliability scenarios, mart checksums, the stack smoke.

It lives here, outside `news_warehouse`, so that nothing on the product's path exists only for
tests: the harness reaches into a run from the outside (see crash_points) instead of the product
carrying hooks for it. `make reliability`, `make stack-smoke` and the test suite import it.
"""
